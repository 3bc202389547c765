package io.solstice.store.sql;

import io.solstice.core.store.EventStore;
import io.solstice.core.store.contract.EventStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on SQLite without group commit (each append its own transaction). */
class SqliteNaiveEventStoreContractTest extends EventStoreContract {
  @TempDir Path dir;

  @Override
  protected EventStore newStore() {
    return SqlEventStore.open(SqlStoreConfig.sqlite(dir.resolve("solstice.db")).withGroupCommit(false));
  }
}
