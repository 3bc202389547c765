package io.solstice.store.sql;

import io.solstice.core.store.EventStore;
import io.solstice.core.store.contract.EventStoreContract;
import io.solstice.testkit.RequiresPostgres;

/** The store contract on PostgreSQL without group commit (each append its own transaction and connection). */
@RequiresPostgres
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
