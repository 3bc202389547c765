package io.solstice.commerce.analytics;

import io.solstice.commerce.shared.InvalidInputException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Queries over the analytics database: {@link #sales} for a tenant's API and {@link #query} for
 * admin SQL. Both read what the analytics service has committed (at most one batch interval behind
 * the event store). Thread-safe; at most {@link AnalyticsSettings#maxConcurrentQueries()} queries
 * run at once, each on its own connection.
 */
public final class Analytics {

  private static final String SOLD = "status IN (" + AnalyticsSchema.SOLD_LIST + ")";

  private static final String SALES = """
      SELECT epoch_ms(hour) AS hour_ms, currency,
             count(*)                                     AS placed,
             count(*) FILTER (WHERE %1$s)                 AS orders,
             coalesce(sum(units) FILTER (WHERE %1$s), 0)  AS units,
             coalesce(sum(total) FILTER (WHERE %1$s), 0)  AS revenue
      FROM orders
      WHERE tenant = ? AND placed_at >= make_timestamp(?) AND placed_at < make_timestamp(?)
      GROUP BY hour, currency
      ORDER BY hour, currency""".formatted(SOLD);

  private static final String CURRENCY = "SELECT currency FROM orders WHERE tenant = ? ORDER BY placed_at DESC LIMIT 1";

  private final AnalyticsDatabase db;
  private final Semaphore running;

  Analytics(AnalyticsDatabase db) {
    this.db = db;
    this.running = new Semaphore(db.settings().maxConcurrentQueries());
  }

  /**
   * A tenant's sales over {@code [from, to)}, by hour of placement (see {@link SalesReport} for
   * what counts as a sale). Only the tenant's own orders are read.
   *
   * @throws InvalidInputException if the tenant is blank or {@code from} is not before {@code to}
   */
  public SalesReport sales(String tenant, Instant from, Instant to) {
    if (tenant == null || tenant.isBlank()) {
      throw new InvalidInputException("tenant", "a tenant is required");
    }
    if (from == null || to == null || !from.isBefore(to)) {
      throw new InvalidInputException("from", "the window needs from before to, was from=" + from + " to=" + to);
    }
    requireInRange("from", from);
    requireInRange("to", to);
    return withConnection(c -> {
      List<SalesReport.Hour> hours = new ArrayList<>();
      List<String> currencies = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(SALES)) {
        ps.setString(1, tenant);
        ps.setLong(2, AnalyticsWriter.micros(from));
        ps.setLong(3, AnalyticsWriter.micros(to));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String currency = rs.getString("currency");
            if (!currencies.contains(currency)) {
              currencies.add(currency);
            }
            hours.add(new SalesReport.Hour(Instant.ofEpochMilli(rs.getLong("hour_ms")), rs.getLong("placed"), rs.getLong("orders"),
                rs.getLong("units"), rs.getBigDecimal("revenue")));
          }
        }
      }
      if (currencies.size() > 1) {
        throw new IllegalStateException("tenant " + tenant + " has orders in several currencies " + currencies + " between " + from + " and " + to
            + "; sales add up one currency: query the orders table per currency with admin SQL");
      }
      String currency = currencies.isEmpty() ? currencyOf(c, tenant) : currencies.getFirst();
      long placed = 0;
      long orders = 0;
      long units = 0;
      BigDecimal revenue = BigDecimal.ZERO;
      List<SalesReport.Hour> scaled = new ArrayList<>(hours.size());
      for (SalesReport.Hour h : hours) {
        placed += h.placed();
        orders += h.orders();
        units += h.units();
        revenue = revenue.add(h.revenue());
        scaled.add(new SalesReport.Hour(h.hour(), h.placed(), h.orders(), h.units(), inMinorUnits(h.revenue(), currency)));
      }
      return new SalesReport(tenant, from, to, currency, placed, orders, units, inMinorUnits(revenue, currency), scaled);
    });
  }

  private static String currencyOf(Connection c, String tenant) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(CURRENCY)) {
      ps.setString(1, tenant);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** The amount at the currency's minor unit (stored amounts carry 4 decimals; the extra ones are zeros). */
  private static BigDecimal inMinorUnits(BigDecimal amount, String currency) {
    int digits = 2;
    if (currency != null) {
      try {
        digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
      } catch (IllegalArgumentException unknown) {
        digits = amount.scale();
      }
    }
    return amount.setScale(digits, RoundingMode.HALF_EVEN);
  }

  /**
   * Runs one read-only query ({@link ReadOnlySql#ALLOWED}: SELECT, WITH, FROM, VALUES, EXPLAIN,
   * DESCRIBE, SHOW, SUMMARIZE, as DuckDB's parser sees it) over every tenant's data: an admin
   * operation. At most {@link AnalyticsSettings#maxRows()} rows and about {@link
   * AnalyticsSettings#maxResultBytes()} bytes of values come back; {@link QueryResult#truncated()}
   * says whether more were cut. The query runs in a transaction that is always rolled back, on a
   * database that refuses external access and configuration changes, and is interrupted after
   * {@link AnalyticsSettings#queryTimeout()}.
   *
   * @throws InvalidInputException (field {@code sql}) if the statement is refused, DuckDB cannot
   *     run it (syntax error, unknown table…) or it runs out of time; the message says why
   */
  public QueryResult query(String sql) {
    AnalyticsSettings settings = db.settings();
    return withConnection(c -> {
      String statement = ReadOnlySql.check(c, sql);
      c.setAutoCommit(false);
      Statement s = c.createStatement();
      java.util.concurrent.ScheduledFuture<?> timeout = TIMEOUTS.schedule(() -> cancel(s), settings.queryTimeout().toMillis(),
          TimeUnit.MILLISECONDS);
      try (s) {
        if (!s.execute(statement)) {
          return new QueryResult(List.of(), List.of(), List.of(), false);
        }
        try (ResultSet rs = s.getResultSet()) {
          return collect(rs, settings.maxRows(), settings.maxResultBytes());
        }
      } catch (SQLException e) {
        if (timeout.isDone() && String.valueOf(e.getMessage()).contains("Interrupted")) {
          throw new InvalidInputException("sql", "the statement ran longer than " + settings.queryTimeout().toSeconds()
              + " s and was interrupted; narrow it down (WHERE, LIMIT) or query the file with the CLI");
        }
        throw new InvalidInputException("sql", "DuckDB could not run the statement: " + e.getMessage());
      } finally {
        timeout.cancel(false);
        c.rollback();
      }
    });
  }

  /** One daemon thread that interrupts queries running past their time. */
  private static final java.util.concurrent.ScheduledExecutorService TIMEOUTS = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "analytics-query-timeouts");
    t.setDaemon(true);
    return t;
  });

  private static void cancel(Statement s) {
    try {
      s.cancel();
    } catch (SQLException | RuntimeException e) {
      // the statement finished or closed meanwhile: nothing to interrupt
    }
  }

  private static QueryResult collect(ResultSet rs, int maxRows, long maxBytes) throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    int n = meta.getColumnCount();
    List<String> columns = new ArrayList<>(n);
    List<String> types = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) {
      columns.add(meta.getColumnLabel(i));
      types.add(meta.getColumnTypeName(i));
    }
    List<List<Object>> rows = new ArrayList<>();
    boolean truncated = false;
    long bytes = 0;
    while (rs.next()) {
      if (rows.size() == maxRows) {
        truncated = true;
        break;
      }
      List<Object> row = new ArrayList<>(n);
      for (int i = 1; i <= n; i++) {
        Object v = value(rs, i, meta.getColumnType(i));
        bytes += sizeOf(v);
        row.add(v);
      }
      if (bytes > maxBytes) {
        truncated = true;
        break;
      }
      rows.add(row);
    }
    return new QueryResult(columns, types, rows, truncated);
  }

  /** About the bytes a value takes in the JSON answer. */
  private static long sizeOf(Object v) {
    return switch (v) {
      case null -> 4;
      case String s -> s.length() + 2L;
      case List<?> items -> 2 + items.stream().mapToLong(Analytics::sizeOf).sum();
      default -> 8 + String.valueOf(v).length();
    };
  }

  private static Object value(ResultSet rs, int i, int jdbcType) throws SQLException {
    if (jdbcType == Types.TIMESTAMP) {
      LocalDateTime t = rs.getObject(i, LocalDateTime.class);
      return t == null ? null : t.toString();
    }
    return json(rs.getObject(i));
  }

  private static Object json(Object v) throws SQLException {
    return switch (v) {
      case null -> null;
      case String s -> s;
      case Boolean b -> b;
      case Byte b -> b.intValue();
      case Short s -> s.intValue();
      case Integer n -> n;
      case Long n -> n;
      case java.math.BigInteger n -> n;
      case BigDecimal d -> d;
      case Float f -> f.isNaN() || f.isInfinite() ? f.toString() : f.doubleValue();
      case Double d -> d.isNaN() || d.isInfinite() ? d.toString() : d;
      case java.sql.Timestamp t -> t.toLocalDateTime().toString();
      case java.sql.Date d -> d.toLocalDate().toString();
      case java.sql.Time t -> t.toLocalTime().toString();
      case Array a -> {
        List<Object> items = new ArrayList<>();
        for (Object item : (Object[]) a.getArray()) {
          items.add(json(item));
        }
        yield items;
      }
      case java.time.temporal.TemporalAccessor t -> t.toString();
      default -> v.toString();
    };
  }

  /**
   * Parses a window bound of the sales API: an ISO-8601 instant ({@code 2025-01-31T10:00:00Z}) or a
   * date ({@code 2025-01-31}, meaning its midnight UTC).
   *
   * @throws InvalidInputException naming {@code field} if the text is neither
   */
  public static Instant parseInstant(String field, String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidInputException(field, "a time is required, e.g. 2025-01-31T10:00:00Z or 2025-01-31");
    }
    Instant t;
    try {
      t = text.length() == 10 ? LocalDate.parse(text).atTime(LocalTime.MIDNIGHT).toInstant(ZoneOffset.UTC) : Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(field, "'" + shortened(text) + "' is not an ISO-8601 time such as 2025-01-31T10:00:00Z or a date such as 2025-01-31");
    }
    requireInRange(field, t);
    return t;
  }

  /** The earliest time a sales window may name: 0001-01-01T00:00:00Z. */
  public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

  /** The end of the latest time a sales window may name: 10000-01-01T00:00:00Z (exclusive), the end of year 9999. */
  public static final Instant END_OF_9999 = Instant.parse("+10000-01-01T00:00:00Z");

  private static void requireInRange(String field, Instant t) {
    if (t.isBefore(EARLIEST) || t.isAfter(END_OF_9999)) {
      throw new InvalidInputException(field, "must be between 0001-01-01 and the end of 9999, was " + t);
    }
  }

  private static String shortened(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "…";
  }

  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T withConnection(Work<T> work) {
    try {
      if (!running.tryAcquire(30, TimeUnit.SECONDS)) {
        throw new AnalyticsUnavailableException("analytics is busy: " + db.settings().maxConcurrentQueries()
            + " queries have been running for 30 s; try again later", null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AnalyticsUnavailableException("interrupted while waiting to query " + db.file(), e);
    }
    try (Connection c = db.connection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new AnalyticsUnavailableException("querying the analytics database " + db.file() + " failed: " + e.getMessage(), e);
    } finally {
      running.release();
    }
  }
}
