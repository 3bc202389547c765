package io.solstice.commerce.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import io.solstice.commerce.shared.InvalidInputException;
import io.solstice.core.codec.Json;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gate of admin SQL: exactly one statement, and a query, <em>as DuckDB's own parser sees
 * it</em>. The text is handed, as a bound parameter, to DuckDB's {@code json_serialize_sql}, which
 * parses without running anything and serializes only {@code SELECT} statements (DuckDB parses
 * {@code FROM}-first queries, {@code VALUES}, {@code DESCRIBE}, {@code SHOW} and {@code SUMMARIZE} as
 * selects too); the answer must say no error and hold exactly one statement. {@code EXPLAIN [ANALYZE]}
 * of such a query is accepted by checking the query after the keyword.
 *
 * <p>No regex decides what runs: quoting tricks (tagged {@code $q$…$q$} strings, comments) are
 * resolved by the parser that will run the statement. It is the first of several defences: the
 * database refuses external access (files, extensions) and configuration changes ({@code
 * lock_configuration}), queries run in a transaction that is always rolled back, and a timeout and
 * caps on rows and bytes bound what one query can cost.
 */
final class ReadOnlySql {
  private ReadOnlySql() {}

  /** The kinds of statements accepted (for messages and the API summary). */
  static final List<String> ALLOWED = List.of("SELECT", "WITH", "FROM", "VALUES", "EXPLAIN", "DESCRIBE", "SHOW", "SUMMARIZE");

  private static final Pattern EXPLAIN = Pattern.compile("(?is)\\s*EXPLAIN(\\s+ANALYZE)?\\s+(.*)");
  private static final Pattern FIRST_WORD = Pattern.compile("[\\s(]*([A-Za-z_]+)");

  /**
   * Checks {@code sql} with DuckDB's parser on {@code c} (nothing is run).
   *
   * @return the statement, trimmed, without a trailing semicolon
   * @throws InvalidInputException (field {@code sql}) naming what is refused and what is accepted
   */
  static String check(Connection c, String sql) throws SQLException {
    if (sql == null || sql.isBlank()) {
      throw refuse("is empty; send one read-only query, e.g. SELECT * FROM sales_by_hour LIMIT 10");
    }
    String statement = sql.strip();
    while (statement.endsWith(";")) {
      statement = statement.substring(0, statement.length() - 1).strip();
    }
    Matcher explain = EXPLAIN.matcher(statement);
    requireOneQuery(c, explain.matches() ? explain.group(2) : statement, statement);
    return statement;
  }

  private static void requireOneQuery(Connection c, String query, String original) throws SQLException {
    JsonNode parsed;
    try (PreparedStatement ps = c.prepareStatement("SELECT json_serialize_sql(?::VARCHAR)")) {
      ps.setString(1, query);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        parsed = Json.mapper().readTree(rs.getString(1));
      }
    } catch (IOException e) {
      throw new IllegalStateException("DuckDB's json_serialize_sql answered something that is not JSON: " + e.getMessage(), e);
    }
    if (parsed.path("error").asBoolean(true)) {
      String type = parsed.path("error_type").asText("");
      if (type.equals("parser")) {
        throw refuse("cannot be parsed by DuckDB: " + parsed.path("error_message").asText());
      }
      throw refuse("starts with " + firstWord(original) + " and is not a query as DuckDB parses it; only one read-only query is accepted ("
          + String.join(", ", ALLOWED) + ")");
    }
    int statements = parsed.path("statements").size();
    if (statements == 0) {
      throw refuse("holds no statement; send one read-only query, e.g. SELECT * FROM sales_by_hour LIMIT 10");
    }
    if (statements > 1) {
      throw refuse("holds " + statements + " statements as DuckDB parses it; send one at a time");
    }
  }

  private static String firstWord(String sql) {
    Matcher m = FIRST_WORD.matcher(sql);
    return m.lookingAt() ? m.group(1).toUpperCase(Locale.ROOT) : "no keyword";
  }

  private static InvalidInputException refuse(String why) {
    return new InvalidInputException("sql", "the statement " + why);
  }
}
