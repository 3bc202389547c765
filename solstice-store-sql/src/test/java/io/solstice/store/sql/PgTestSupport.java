package io.solstice.store.sql;

import io.solstice.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/** PostgreSQL test helpers: the server from {@link TestPostgres}, and throw-away schemas named {@code t_storage_…}. */
final class PgTestSupport {
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private PgTestSupport() {}

  static String url() {
    return TestPostgres.url();
  }

  /** A schema name no other test run uses. */
  static String freshSchema(String purpose) {
    return "t_storage_" + purpose + "_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
  }

  static void dropSchema(String schema) {
    try (Connection c = DriverManager.getConnection(url());
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("could not drop test schema " + schema, e);
    }
  }
}
