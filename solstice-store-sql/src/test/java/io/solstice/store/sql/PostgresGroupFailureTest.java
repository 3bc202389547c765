package io.solstice.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.core.EventData;
import io.solstice.core.StreamName;
import io.solstice.core.store.AppendRequest;
import io.solstice.core.store.ExpectedVersion;
import io.solstice.core.store.MultiAppendResult;
import io.solstice.core.store.StoreUnavailableException;
import io.solstice.core.store.TenantPlacement;
import io.solstice.testkit.RequiresPostgres;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * A group whose PostgreSQL transaction fails in its second round trip (insert, notify, commit sent
 * together): the server skips the commit, the group is rolled back on the same connection, each
 * append is retried alone on it, and only the append at fault fails.
 */
@RequiresPostgres
class PostgresGroupFailureTest {

  @Test
  void aGroupThatTheDatabaseRefusesIsRetriedAppendByAppendOnTheSameConnection() throws Exception {
    String schema = PgTestSupport.freshSchema("groupfail");
    try (SqlEventStore store = SqlEventStore.open(SqlStoreConfig.postgres(PgTestSupport.url()).withSchema(schema))) {
      store.tenants().register("acme", TenantPlacement.POOLED_STORE);
      try (Connection c = DriverManager.getConnection(PgTestSupport.url())) {
        try (Statement s = c.createStatement()) {
          s.execute("SET search_path TO " + schema);
          // a refusal no check of the store foresees
          s.execute("ALTER TABLE events ADD CONSTRAINT no_poison CHECK (type <> 'Poison')");
        }
        AppendExecutor executor = new AppendExecutor(new PostgresOps(schema), Clock.systemUTC(), new AppendSignal(0), "test store");
        PendingAppend good1 = pending("a", "Fine");
        PendingAppend poison = pending("b", "Poison");
        PendingAppend good2 = pending("c", "Fine");

        executor.execute(c, List.of(good1, poison, good2));

        assertThat(good1.outcome().get()).isInstanceOf(MultiAppendResult.Committed.class);
        assertThat(good2.outcome().get()).isInstanceOf(MultiAppendResult.Committed.class);
        assertThat(poison.outcome()).isCompletedExceptionally();
        try {
          poison.outcome().get();
        } catch (ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(StoreUnavailableException.class).hasMessageContaining("acme:Thing-b");
        }
        assertThat(c.getAutoCommit()).as("the connection is left in auto-commit, outside any transaction").isTrue();
        PendingAppend after = pending("d", "Fine");
        executor.execute(c, List.of(after));
        assertThat(after.outcome().get()).isInstanceOf(MultiAppendResult.Committed.class);
      }
      assertThat(store.countEvents()).isEqualTo(3);
      assertThat(store.read(StreamName.of("acme", "Thing", "b"), 0, 10)).isEmpty();
    } finally {
      PgTestSupport.dropSchema(schema);
    }
  }

  private static PendingAppend pending(String id, String type) {
    return new PendingAppend(List.of(new AppendRequest(StreamName.of("acme", "Thing", id), ExpectedVersion.NO_STREAM,
        List.of(EventData.of(type, "{}".getBytes(StandardCharsets.UTF_8))))));
  }
}
