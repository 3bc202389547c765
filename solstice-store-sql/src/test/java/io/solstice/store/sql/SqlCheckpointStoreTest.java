package io.solstice.store.sql;

import io.solstice.core.store.CheckpointStore;
import io.solstice.core.store.contract.CheckpointStoreContract;
import io.solstice.testkit.RequiresPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint contract on the SQL checkpoint store, SQLite and PostgreSQL. */
class SqlCheckpointStoreTest {

  @Nested
  class OnSqlite extends CheckpointStoreContract {
    @TempDir Path dir;
    private SqlEventStore store;

    @Override
    protected CheckpointStore checkpoints() {
      store = SqlEventStore.open(SqlStoreConfig.sqlite(dir.resolve("solstice.db")));
      return store.checkpoints();
    }

    @AfterEach
    void close() {
      store.close();
    }
  }

  @Nested
  @RequiresPostgres
  class OnPostgres extends CheckpointStoreContract {
    private SqlEventStore store;
    private String schema;

    @Override
    protected CheckpointStore checkpoints() {
      schema = PgTestSupport.freshSchema("checkpoints");
      store = SqlEventStore.open(SqlStoreConfig.postgres(PgTestSupport.url()).withSchema(schema).withPoolSize(2));
      return store.checkpoints();
    }

    @AfterEach
    void close() {
      store.close();
      PgTestSupport.dropSchema(schema);
    }
  }
}
