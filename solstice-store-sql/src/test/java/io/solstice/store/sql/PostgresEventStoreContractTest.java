package io.solstice.store.sql;

import io.solstice.core.store.EventStore;
import io.solstice.core.store.contract.EventStoreContract;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The store contract on PostgreSQL with group commit (a fresh schema per test, dropped after). */
@EnabledIfEnvironmentVariable(named = "SOLSTICE_PG_URL", matches = ".+")
class PostgresEventStoreContractTest extends EventStoreContract {
  private String schema;

  @Override
  protected EventStore newStore() {
    schema = PgTestSupport.freshSchema("contract");
    return SqlEventStore.open(SqlStoreConfig.postgres(PgTestSupport.url()).withSchema(schema).withPoolSize(4));
  }

  @Override
  protected void closeStore(EventStore store) {
    store.close();
    PgTestSupport.dropSchema(schema);
  }
}
