package io.solstice.commerce.readmodel;

import io.solstice.store.sql.SqlStoreConfig;
import io.solstice.testkit.RequiresPostgres;
import io.solstice.testkit.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** The read models on PostgreSQL ({@link io.solstice.testkit.TestPostgres}), each test in its own schema {@code t_readmodels_…}. */
@RequiresPostgres
class PostgresReadModelsTest extends ReadModelsContract {

  private final String schema = "t_readmodels_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  @Override
  SqlStoreConfig config(Path dir) {
    return SqlStoreConfig.postgres(TestPostgres.url()).withSchema(schema);
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
