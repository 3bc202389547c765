package io.solstice.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.core.EventData;
import io.solstice.core.StreamName;
import io.solstice.core.store.AppendResult;
import io.solstice.core.store.ExpectedVersion;
import io.solstice.core.store.TenantPlacement;
import io.solstice.testkit.RequiresPostgres;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Regression: in naive mode (no group commit) on PostgreSQL, callers beyond the write pool's size
 * waited in the pool, whose hand-off is not fair, and some timed out ("Connection is not available
 * … waiting=30") though the store was only busy; {@code bench store --backend postgres --writers 64}
 * died in its naive phase. Callers now queue first come, first served for a connection, so every
 * append of a busy store succeeds, however short the pool's connection time-out.
 */
@RequiresPostgres
class NaiveAppendsQueueForConnectionsTest {

  private static final int CALLERS = 48;
  private static final int APPENDS_EACH = 10;

  @Test
  void manyMoreCallersThanConnectionsAllGetTheirTurn() throws Exception {
    String schema = PgTestSupport.freshSchema("naivequeue");
    SqlStoreConfig config = SqlStoreConfig.postgres(PgTestSupport.url()).withSchema(schema).withGroupCommit(false).withPoolSize(2)
        .withConnectionTimeout(Duration.ofMillis(250));
    try (SqlEventStore store = SqlEventStore.open(config)) {
      store.tenants().register("acme", TenantPlacement.POOLED_STORE);
      List<Future<Integer>> written = new ArrayList<>();
      try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int c = 0; c < CALLERS; c++) {
          StreamName stream = StreamName.of("acme", "Queue", "s" + c);
          written.add(callers.submit(() -> {
            int ok = 0;
            for (int i = 0; i < APPENDS_EACH; i++) {
              AppendResult r = store.append(stream, ExpectedVersion.of(i - 1L),
                  List.of(EventData.of("Appended", "{}".getBytes(StandardCharsets.UTF_8))));
              if (r instanceof AppendResult.Written) {
                ok++;
              }
            }
            return ok;
          }));
        }
      }
      int total = 0;
      for (Future<Integer> f : written) {
        total += f.get();
      }
      assertThat(total).isEqualTo(CALLERS * APPENDS_EACH);
      assertThat(store.countEvents()).isEqualTo(CALLERS * APPENDS_EACH);
    } finally {
      PgTestSupport.dropSchema(schema);
    }
  }
}
