package io.solstice.app.ops;

import io.solstice.store.sql.SqlStoreConfig;
import io.solstice.testkit.RequiresPostgres;
import io.solstice.testkit.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

@RequiresPostgres
class PostgresEventBrowserTest extends EventBrowserContract {
  private final String schema = "t_browser_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  @Override
  SqlStoreConfig config(Path dir) {
    return SqlStoreConfig.postgres(TestPostgres.url()).withSchema(schema).withPoolSize(2);
  }

  @Override
  void cleanUp() {
    try (Connection c = DriverManager.getConnection(TestPostgres.url()); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      throw new AssertionError("could not drop test schema " + schema, e);
    }
  }
}
