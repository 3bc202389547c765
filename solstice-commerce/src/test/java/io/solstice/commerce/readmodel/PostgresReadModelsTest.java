package io.solstice.commerce.readmodel;

import io.solstice.store.sql.SqlStoreConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The read models on PostgreSQL ({@code SOLSTICE_PG_URL}), each test in its own schema {@code t_readmodels_…}. */
@EnabledIfEnvironmentVariable(named = "SOLSTICE_PG_URL", matches = ".+")
class PostgresReadModelsTest extends ReadModelsContract {

  private final String schema = "t_readmodels_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  @Override
  SqlStoreConfig config(Path dir) {
    return SqlStoreConfig.postgres(System.getenv("SOLSTICE_PG_URL")).withSchema(schema);
  }

  @Override
  void cleanUp() {
    try (Connection c = DriverManager.getConnection(System.getenv("SOLSTICE_PG_URL")); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      throw new AssertionError("could not drop test schema " + schema, e);
    }
  }
}
