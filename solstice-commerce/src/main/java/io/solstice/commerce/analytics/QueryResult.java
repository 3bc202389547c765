package io.solstice.commerce.analytics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The answer to an admin SQL query, shaped for JSON: {@code {"columns": [...], "types": [...],
 * "rows": [[...], ...], "truncated": false}}.
 *
 * <p>Values are JSON-friendly: strings, booleans, integers, exact decimals ({@link
 * java.math.BigDecimal}), doubles, null; times as ISO-8601 strings ({@code TIMESTAMP} values are UTC
 * without a zone suffix, e.g. {@code 2025-01-31T10:00}); lists as lists; anything else as its text.
 *
 * @param columns the column names, in order
 * @param types the DuckDB type of each column, e.g. {@code VARCHAR}, {@code DECIMAL(18,4)}
 * @param rows the rows, each with one value per column (values may be null)
 * @param truncated true if the query had more rows than the limit and only the first ones are here
 */
public record QueryResult(List<String> columns, List<String> types, List<List<Object>> rows, boolean truncated) {

  public QueryResult {
    columns = List.copyOf(columns);
    types = List.copyOf(types);
    if (types.size() != columns.size()) {
      throw new IllegalArgumentException(columns.size() + " columns but " + types.size() + " types");
    }
    List<List<Object>> copy = new ArrayList<>(rows.size());
    for (List<Object> row : rows) {
      Objects.requireNonNull(row, "row");
      if (row.size() != columns.size()) {
        throw new IllegalArgumentException("a row has " + row.size() + " values for " + columns.size() + " columns");
      }
      copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
    }
    rows = Collections.unmodifiableList(copy);
  }
}
