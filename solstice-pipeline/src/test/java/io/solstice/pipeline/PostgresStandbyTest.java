package io.solstice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.core.EventData;
import io.solstice.core.StreamName;
import io.solstice.core.store.ExpectedVersion;
import io.solstice.core.store.TenantPlacement;
import io.solstice.store.sql.SqlEventStore;
import io.solstice.store.sql.SqlStoreConfig;
import io.solstice.testkit.Await;
import io.solstice.testkit.ChildJvm;
import io.solstice.testkit.RequiresPostgres;
import io.solstice.testkit.TestPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Store-feed mode without Kafka: two instances of one service, in two JVMs, on one PostgreSQL
 * store. Only one is active; when it is killed with SIGKILL the other takes over and skips nothing.
 */
@RequiresPostgres
class PostgresStandbyTest {

  @TempDir Path dir;

  @Test
  void onlyOneInstanceIsActiveAndAfterItIsKilledTheStandbyTakesOverWithoutSkippingAnything() throws Exception {
    String schema = "t_standby_" + ProcessHandle.current().pid();
    Path stop = dir.resolve("stop");
    Path logA = dir.resolve("a.log");
    Path logB = dir.resolve("b.log");
    try (SqlEventStore store = SqlEventStore.open(SqlStoreConfig.postgres(TestPostgres.url()).withSchema(schema).withPoolSize(2))) {
      store.tenants().register("acme", TenantPlacement.POOLED_STORE);
      List<StreamName> streams = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        streams.add(StreamName.of("acme", "Item", "i" + i));
      }
      append(store, streams, 10);
      Process a = ChildJvm.start(StandbyChild.class, List.of(TestPostgres.url(), schema, "a", logA.toString(), stop.toString()),
          dir.resolve("a.out"));
      Await.until("a active", () -> lines(logA).stream().anyMatch(l -> l.startsWith("active")), Duration.ofSeconds(60));
      Process b = ChildJvm.start(StandbyChild.class, List.of(TestPostgres.url(), schema, "b", logB.toString(), stop.toString()),
          dir.resolve("b.out"));
      try {
        append(store, streams, 10);
        Await.until("a handling", () -> lines(logA).size() > 100, Duration.ofSeconds(60));
        assertThat(lines(logB)).as("the standby handles nothing while a is active").isEmpty();

        a.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        long killedAt = System.currentTimeMillis();
        append(store, streams, 10);

        Await.until("b took over", () -> lines(logB).stream().anyMatch(l -> l.startsWith("active")), Duration.ofSeconds(60));
        long tookOver = Long.parseLong(lines(logB).stream().filter(l -> l.startsWith("active")).findFirst().orElseThrow().split(" ")[1]);
        Await.until("every event handled", () -> handled(logA, logB) == streams.size() * 30, Duration.ofSeconds(90));
        System.out.println("failover_ms " + (tookOver - killedAt));
      } finally {
        Files.writeString(stop, "stop");
        b.waitFor(30, TimeUnit.SECONDS);
        a.destroyForcibly();
        b.destroyForcibly();
      }
    } finally {
      try (Connection c = TestPostgres.connect(); Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }

  private static void append(SqlEventStore store, List<StreamName> streams, int rounds) {
    for (int r = 0; r < rounds; r++) {
      for (StreamName s : streams) {
        store.append(s, ExpectedVersion.ANY, List.of(EventData.of("Touched", "{}".getBytes(StandardCharsets.UTF_8))));
      }
    }
  }

  private static List<String> lines(Path log) {
    try {
      return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** Distinct (stream, version) pairs handled by either instance. */
  private static int handled(Path... logs) {
    Map<String, Set<String>> seen = new HashMap<>();
    for (Path log : logs) {
      for (String l : lines(log)) {
        if (!l.startsWith("active") && l.contains(" ")) {
          String[] p = l.split(" ");
          seen.computeIfAbsent(p[0], k -> new HashSet<>()).add(p[1]);
        }
      }
    }
    return seen.values().stream().mapToInt(Set::size).sum();
  }
}
