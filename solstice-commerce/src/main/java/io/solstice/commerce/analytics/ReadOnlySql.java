package io.solstice.commerce.analytics;

import io.solstice.commerce.shared.InvalidInputException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gate of admin SQL: one statement that starts with a reading keyword and names no writing one.
 * It is the first of three defences (queries also run in a transaction that is always rolled back,
 * and DuckDB's external access is off), and the one that gives a clear error.
 */
final class ReadOnlySql {
  private ReadOnlySql() {}

  /** Statements that may start an admin query ({@code FROM} is DuckDB's FROM-first SELECT). */
  static final List<String> ALLOWED = List.of("SELECT", "WITH", "EXPLAIN", "DESCRIBE", "SHOW", "SUMMARIZE", "FROM");

  /** Words that write or reconfigure; refused anywhere outside literals and quoted names. */
  private static final Set<String> WRITING = Set.of("INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT", "CREATE", "DROP", "ALTER",
      "TRUNCATE", "COPY", "ATTACH", "DETACH", "INSTALL", "LOAD", "PRAGMA", "SET", "RESET", "CALL", "CHECKPOINT", "VACUUM",
      "EXPORT", "IMPORT", "GRANT", "REVOKE", "USE", "BEGIN", "COMMIT", "ROLLBACK", "ABORT", "PREPARE", "EXECUTE", "DEALLOCATE");

  /** Comments, string literals ('…', $$…$$, E'…') and quoted identifiers ("…"). */
  private static final Pattern OPAQUE = Pattern.compile(
      "--[^\\n]*|/\\*.*?\\*/|'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|\\$\\$.*?\\$\\$", Pattern.DOTALL);

  private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /**
   * Checks {@code sql}.
   *
   * @return the statement, trimmed, without a trailing semicolon
   * @throws InvalidInputException (field {@code sql}) naming what is refused and what is accepted
   */
  static String check(String sql) {
    if (sql == null || sql.isBlank()) {
      throw refuse("is empty; send one read-only statement, e.g. SELECT * FROM sales_by_hour LIMIT 10");
    }
    String code = strip(sql);
    if (code.contains("'") || code.contains("\"") || code.contains("/*") || code.contains("$$")) {
      throw refuse("has an unterminated string, quoted name or comment");
    }
    String trimmed = code.strip();
    while (trimmed.endsWith(";")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1).strip();
    }
    if (trimmed.contains(";")) {
      throw refuse("holds several statements; send one at a time");
    }
    String body = trimmed;
    while (body.startsWith("(")) {
      body = body.substring(1).strip();
    }
    Matcher first = WORD.matcher(body);
    String keyword = first.lookingAt() ? first.group().toUpperCase(Locale.ROOT) : "";
    if (!ALLOWED.contains(keyword)) {
      throw refuse("starts with " + (keyword.isEmpty() ? "no keyword" : keyword) + "; only read-only statements are accepted: "
          + String.join(", ", ALLOWED));
    }
    Matcher words = WORD.matcher(trimmed);
    while (words.find()) {
      String word = words.group().toUpperCase(Locale.ROOT);
      if (WRITING.contains(word)) {
        throw refuse("contains " + word + "; only read-only statements are accepted (" + String.join(", ", ALLOWED)
            + "). Quote a column of that name (\"" + words.group() + "\") if you meant one");
      }
    }
    String original = sql.strip();
    while (original.endsWith(";")) {
      original = original.substring(0, original.length() - 1).strip();
    }
    return original;
  }

  /** The SQL with comments, literals and quoted names blanked out (their places kept as spaces). */
  private static String strip(String sql) {
    Matcher m = OPAQUE.matcher(sql);
    StringBuilder out = new StringBuilder(sql.length());
    while (m.find()) {
      m.appendReplacement(out, " ");
    }
    m.appendTail(out);
    return out.toString();
  }

  private static InvalidInputException refuse(String why) {
    return new InvalidInputException("sql", "the statement " + why);
  }
}
