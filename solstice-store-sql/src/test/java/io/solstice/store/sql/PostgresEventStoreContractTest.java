package io.solstice.store.sql;

import io.solstice.core.store.EventStore;
import io.solstice.core.store.contract.EventStoreContract;
import io.solstice.testkit.RequiresPostgres;

/** The store contract on PostgreSQL with group commit (a fresh schema per test, dropped after). */
@RequiresPostgres
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
