package io.solstice.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.core.RecordedEvent;
import io.solstice.core.store.FeedFilter;
import io.solstice.core.store.TenantPlacement;
import io.solstice.testkit.RequiresPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feed never skips with several appending processes: child JVMs ({@link FeedWriterMain}) append
 * concurrently to one PostgreSQL schema while this test tails the feed; it must see every event
 * exactly once, in position order.
 */
@RequiresPostgres
class PostgresMultiProcessFeedTest {
  private static final int PROCESSES = 3;
  private static final int APPENDS_PER_THREAD = 120;

  @TempDir Path dir;
  private final String schema = PgTestSupport.freshSchema("multiprocess");

  @AfterEach
  void dropSchema() {
    PgTestSupport.dropSchema(schema);
  }

  @Test
  void aTailingReaderSeesEveryEventOfSeveralWriterProcessesOnceInPositionOrder() throws Exception {
    try (SqlEventStore store = SqlEventStore.open(SqlStoreConfig.postgres(PgTestSupport.url()).withSchema(schema).withPoolSize(2))) {
      store.tenants().register("acme", TenantPlacement.POOLED_STORE);
      List<Process> writers = new ArrayList<>();
      for (int p = 0; p < PROCESSES; p++) {
        writers.add(launchWriter("p" + p));
      }

      List<RecordedEvent> seen = new ArrayList<>();
      long after = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
      while (writers.stream().anyMatch(Process::isAlive) && System.nanoTime() < deadline) {
        if (store.awaitAppend(after, Duration.ofMillis(500))) {
          List<RecordedEvent> page = store.readAll(after, 113, FeedFilter.ALL);
          for (RecordedEvent e : page) {
            assertThat(e.position()).as("position after %d", after).isGreaterThan(after);
            after = e.position();
            seen.add(e);
          }
        }
      }
      long written = 0;
      for (Process w : writers) {
        assertThat(w.waitFor(60, TimeUnit.SECONDS)).as("writer process finished").isTrue();
        String out = Files.readString(dir.resolve(w.pid() + ".out"), StandardCharsets.UTF_8);
        assertThat(w.exitValue()).as("writer exit code; output: %s", out).isZero();
        written += Long.parseLong(out.lines().filter(l -> l.startsWith("written=")).findFirst().orElseThrow().substring(8));
      }
      // Drain whatever committed after the last wake-up.
      while (true) {
        List<RecordedEvent> page = store.readAll(after, 500, FeedFilter.ALL);
        if (page.isEmpty()) {
          break;
        }
        seen.addAll(page);
        after = page.getLast().position();
      }

      List<UUID> ids = seen.stream().map(RecordedEvent::eventId).toList();
      assertThat(ids).doesNotHaveDuplicates();
      assertThat(seen).extracting(RecordedEvent::position).isSorted();
      assertThat((long) seen.size()).isEqualTo(written).isEqualTo(store.countEvents());
      assertThat(seen.getLast().position()).isEqualTo(written);
    }
  }

  private Process launchWriter(String name) throws IOException {
    String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), FeedWriterMain.class.getName(),
        PgTestSupport.url(), schema, name, Integer.toString(APPENDS_PER_THREAD));
    pb.redirectErrorStream(true);
    Path out = dir.resolve(name + ".tmp");
    pb.redirectOutput(out.toFile());
    Process p = pb.start();
    Files.move(out, dir.resolve(p.pid() + ".out"));
    return p;
  }
}
