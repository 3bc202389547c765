package io.solstice.store.sql;

import io.solstice.core.store.DeadLetterStore;
import io.solstice.core.store.contract.DeadLetterStoreContract;
import io.solstice.testkit.RequiresPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The dead-letter contract on the SQL dead-letter store, SQLite and PostgreSQL. */
class SqlDeadLetterStoreTest {

  @Nested
  class OnSqlite extends DeadLetterStoreContract {
    @TempDir Path dir;
    private SqlEventStore store;

    @Override
    protected DeadLetterStore deadLetters() {
      store = SqlEventStore.open(SqlStoreConfig.sqlite(dir.resolve("solstice.db")));
      return store.deadLetters();
    }

    @AfterEach
    void close() {
      store.close();
    }
  }

  @Nested
  @RequiresPostgres
  class OnPostgres extends DeadLetterStoreContract {
    private SqlEventStore store;
    private String schema;

    @Override
    protected DeadLetterStore deadLetters() {
      schema = PgTestSupport.freshSchema("deadletters");
      store = SqlEventStore.open(SqlStoreConfig.postgres(PgTestSupport.url()).withSchema(schema).withPoolSize(2));
      return store.deadLetters();
    }

    @AfterEach
    void close() {
      store.close();
      PgTestSupport.dropSchema(schema);
    }
  }
}
