package io.solstice.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.core.store.CheckpointStore;
import io.solstice.core.store.Lease;
import io.solstice.core.store.LeaseStore;
import io.solstice.core.store.contract.LeaseStoreContract;
import io.solstice.testkit.RequiresPostgres;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lease contract on the SQL stores, SQLite and PostgreSQL, with the database's clock. */
class SqlLeaseStoreTest {

  @Nested
  class OnSqlite extends LeaseStoreContract {
    @TempDir Path dir;
    private SqlEventStore store;

    @Override
    protected LeaseStore leases() {
      store = SqlEventStore.open(SqlStoreConfig.sqlite(dir.resolve("solstice.db")));
      return store.leases();
    }

    @Override
    protected CheckpointStore checkpoints() {
      return store.checkpoints();
    }

    @Override
    protected void letShortLeasesExpire() throws InterruptedException {
      Thread.sleep(SHORT.toMillis() + 100);
    }

    @AfterEach
    void close() {
      store.close();
    }
  }

  @Nested
  @RequiresPostgres
  class OnPostgres extends LeaseStoreContract {
    private SqlEventStore store;
    private String schema;

    @Override
    protected LeaseStore leases() {
      schema = PgTestSupport.freshSchema("leases");
      store = open();
      return store.leases();
    }

    private SqlEventStore open() {
      return SqlEventStore.open(SqlStoreConfig.postgres(PgTestSupport.url()).withSchema(schema).withPoolSize(2));
    }

    @Override
    protected CheckpointStore checkpoints() {
      return store.checkpoints();
    }

    @Override
    protected void letShortLeasesExpire() throws InterruptedException {
      Thread.sleep(SHORT.toMillis() + 100);
    }

    @AfterEach
    void close() {
      store.close();
      PgTestSupport.dropSchema(schema);
    }

    @Test
    void aLeaseWhoseHoldersConnectionIsGoneIsFreeAtOnceWithoutWaitingForItsExpiry() {
      LeaseStore mine = leases();
      try (SqlEventStore other = open()) {
        Lease held = other.leases().tryAcquire("service:fraud", "killed-process", Duration.ofMinutes(10)).orElseThrow();
        assertThat(mine.tryAcquire("service:fraud", "standby", Duration.ofMinutes(10))).isEmpty();

        ((SqlLeaseStore) other.leases()).close(); // what the kernel does to a killed process's sockets

        // the server ends the holder's backend moments after its socket closed: long before the 10-minute expiry
        java.util.concurrent.atomic.AtomicReference<Lease> taken = new java.util.concurrent.atomic.AtomicReference<>();
        io.solstice.testkit.Await.until("the standby took the lease", () -> {
          mine.tryAcquire("service:fraud", "standby", Duration.ofMinutes(10)).ifPresent(taken::set);
          return taken.get() != null;
        }, Duration.ofSeconds(30));
        assertThat(taken.get().token()).isGreaterThan(held.token());
      }
    }
  }
}
