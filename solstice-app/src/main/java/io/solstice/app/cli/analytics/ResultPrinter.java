package io.solstice.app.cli.analytics;

import io.solstice.commerce.analytics.QueryResult;
import io.solstice.core.codec.Json;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints a {@link QueryResult} as an aligned text table, JSON or CSV (RFC 4180). */
final class ResultPrinter {
  private ResultPrinter() {}

  /** Output formats of {@code analytics query}. */
  enum Format {
    table,
    json,
    csv
  }

  /** Longest cell shown in a table; longer values are cut with an ellipsis (use json or csv for all of it). */
  static final int MAX_CELL = 60;

  static void print(QueryResult r, Format format, PrintWriter out) {
    switch (format) {
      case table -> table(r, out);
      case json -> {
        try {
          out.println(Json.mapper().writeValueAsString(r));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new UncheckedIOException(e);
        }
      }
      case csv -> csv(r, out);
    }
    out.flush();
  }

  private static void table(QueryResult r, PrintWriter out) {
    int n = r.columns().size();
    if (n == 0) {
      out.println("(statement ran; no result set)");
      return;
    }
    List<List<String>> cells = new ArrayList<>();
    int[] width = new int[n];
    boolean[] numeric = new boolean[n];
    for (int i = 0; i < n; i++) {
      width[i] = r.columns().get(i).length();
      numeric[i] = isNumericType(r.types().get(i));
    }
    for (List<Object> row : r.rows()) {
      List<String> line = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        Object v = row.get(i);
        if (v instanceof Number && r.types().get(i).isEmpty()) {
          numeric[i] = true;
        }
        String text = cut(text(v, "NULL"));
        line.add(text);
        width[i] = Math.max(width[i], text.length());
      }
      cells.add(line);
    }
    StringBuilder header = new StringBuilder();
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        header.append("  ");
        rule.append("  ");
      }
      header.append(pad(r.columns().get(i), width[i], numeric[i]));
      rule.append("-".repeat(width[i]));
    }
    out.println(header.toString().stripTrailing());
    out.println(rule);
    for (List<String> line : cells) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          b.append("  ");
        }
        b.append(pad(line.get(i), width[i], numeric[i]));
      }
      out.println(b.toString().stripTrailing());
    }
    out.println("(" + String.format(Locale.ROOT, "%,d", r.rows().size()) + (r.rows().size() == 1 ? " row" : " rows")
        + (r.truncated() ? "; more were cut at the row limit: add a LIMIT, a WHERE or an aggregate" : "") + ")");
  }

  private static void csv(QueryResult r, PrintWriter out) {
    out.print(csvLine(new ArrayList<>(r.columns())));
    for (List<Object> row : r.rows()) {
      out.print(csvLine(row));
    }
  }

  private static String csvLine(List<?> values) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      String v = text(values.get(i), "");
      if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
        v = '"' + v.replace("\"", "\"\"") + '"';
      }
      b.append(v);
    }
    return b.append("\r\n").toString();
  }

  private static String text(Object v, String nullText) {
    return switch (v) {
      case null -> nullText;
      case BigDecimal d -> d.toPlainString();
      default -> String.valueOf(v);
    };
  }

  private static String cut(String s) {
    String one = s.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    return one.length() > MAX_CELL ? one.substring(0, MAX_CELL - 1) + "…" : one;
  }

  private static String pad(String s, int width, boolean right) {
    String fill = " ".repeat(Math.max(0, width - s.length()));
    return right ? fill + s : s + fill;
  }

  private static boolean isNumericType(String type) {
    String t = type.toUpperCase(Locale.ROOT);
    return t.startsWith("DECIMAL") || t.endsWith("INT") || t.equals("BIGINT") || t.equals("INTEGER") || t.equals("HUGEINT")
        || t.equals("UHUGEINT") || t.equals("DOUBLE") || t.equals("FLOAT") || t.equals("REAL");
  }
}
