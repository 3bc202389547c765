package io.solstice.store.sql;

import io.solstice.core.store.EventStore;
import io.solstice.core.store.contract.EventStoreContract;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The store contract on PostgreSQL without group commit (each append its own transaction and connection). */
@EnabledIfEnvironmentVariable(named = "SOLSTICE_PG_URL", matches = ".+")
class PostgresNaiveEventStoreContractTest extends EventStoreContract {
  private String schema;

  @Override
  protected EventStore newStore() {
    schema = PgTestSupport.freshSchema("naive");
    return SqlEventStore.open(SqlStoreConfig.postgres(PgTestSupport.url()).withSchema(schema).withPoolSize(8).withGroupCommit(false));
  }

  @Override
  protected void closeStore(EventStore store) {
    store.close();
    PgTestSupport.dropSchema(schema);
  }
}
