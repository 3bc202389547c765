package io.solstice.commerce.readmodel;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The little SQL plumbing the read models need on SQLite and PostgreSQL: which database a data
 * source talks to, write transactions that take their lock up front, and the timestamp format.
 */
final class Sql {
  private Sql() {}

  /** The two databases of the SQL event store. */
  enum Dialect { SQLITE, POSTGRES }

  /** Timestamps are stored as fixed-width UTC ISO-8601 text (microseconds), so text order is time order. */
  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  static String timestamp(Instant at) {
    return TIMESTAMP.format(at);
  }

  static Instant instant(String text) {
    return text == null ? null : Instant.parse(text);
  }

  /** Work done inside one transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  static Dialect dialectOf(DataSource dataSource) {
    try (Connection c = dataSource.getConnection()) {
      String product = c.getMetaData().getDatabaseProductName();
      if (product.equalsIgnoreCase("SQLite")) {
        return Dialect.SQLITE;
      }
      if (product.equalsIgnoreCase("PostgreSQL")) {
        return Dialect.POSTGRES;
      }
      throw new IllegalArgumentException("read models run on SQLite or PostgreSQL, but the data source is " + product
          + "; pass the SQL event store's dataSource()");
    } catch (SQLException e) {
      throw new ReadModelException("cannot connect to the read models' database: " + e.getMessage()
          + "; check that the event store's database is reachable", e);
    }
  }

  /**
   * Runs {@code work} in one write transaction and commits it. On SQLite the transaction starts with
   * {@code BEGIN IMMEDIATE}, taking the writer lock first (waiting up to the connection's busy
   * timeout): a transaction that read first and wrote later could otherwise fail at once when the
   * event writer committed in between. On PostgreSQL it is an ordinary READ COMMITTED transaction.
   */
  static <T> T inTransaction(DataSource dataSource, Dialect dialect, Work<T> work) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return inTransaction(c, dialect, work);
    }
  }

  static <T> T inTransaction(Connection c, Dialect dialect, Work<T> work) throws SQLException {
    switch (dialect) {
      case SQLITE -> {
        if (!c.getAutoCommit()) {
          c.setAutoCommit(true);
        }
        execute(c, "BEGIN IMMEDIATE");
        try {
          T result = work.run(c);
          execute(c, "COMMIT");
          return result;
        } catch (SQLException | RuntimeException e) {
          rollbackQuietly(c, e, () -> execute(c, "ROLLBACK"));
          throw e;
        }
      }
      case POSTGRES -> {
        c.setAutoCommit(false);
        try {
          T result = work.run(c);
          c.commit();
          return result;
        } catch (SQLException | RuntimeException e) {
          rollbackQuietly(c, e, c::rollback);
          throw e;
        } finally {
          c.setAutoCommit(true);
        }
      }
    }
    throw new AssertionError(dialect);
  }

  static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private interface SqlAction {
    void run() throws SQLException;
  }

  private static void rollbackQuietly(Connection c, Exception cause, SqlAction rollback) {
    try {
      rollback.run();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
