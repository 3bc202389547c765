package io.solstice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.core.StreamName;
import io.solstice.core.store.AppendRequest;
import io.solstice.core.store.CheckpointKey;
import io.solstice.core.store.ExpectedVersion;
import io.solstice.core.store.TenantPlacement;
import io.solstice.core.EventData;
import io.solstice.store.sql.SqlEventStore;
import io.solstice.store.sql.SqlStoreConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service in a child JVM is killed with SIGKILL mid-stream; restarted, it resumes from its stored
 * checkpoint: every event is handled at least once, each stream's events in order, nothing skipped.
 */
class CheckpointResumeCrashTest {

  private static final int STREAMS = 40;
  private static final int EVENTS_PER_STREAM = 100;

  @TempDir Path dir;

  @Test
  void aServiceKilledMidStreamResumesFromItsCheckpointWithoutSkippingAnything() throws Exception {
    Path db = dir.resolve("solstice.db");
    List<StreamName> streams = new ArrayList<>();
    try (SqlEventStore store = SqlEventStore.open(SqlStoreConfig.sqlite(db))) {
      store.tenants().register("acme", TenantPlacement.POOLED_STORE);
      store.tenants().register("beta", TenantPlacement.POOLED_STORE);
      for (int i = 0; i < STREAMS; i++) {
        streams.add(StreamName.of(i % 2 == 0 ? "acme" : "beta", "Item", "i" + i));
      }
      for (int round = 0; round < EVENTS_PER_STREAM; round++) {
        List<AppendRequest> requests = new ArrayList<>();
        for (StreamName s : streams) {
          requests.add(new AppendRequest(s, ExpectedVersion.ANY, List.of(EventData.of("Touched", "{}".getBytes(StandardCharsets.UTF_8)))));
        }
        store.appendAll(requests);
      }
    }
    int total = STREAMS * EVENTS_PER_STREAM;

    Path firstLog = dir.resolve("first.log");
    Process first = child(db, firstLog);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (lines(firstLog).size() < total / 4) {
      assertThat(first.isAlive()).as("child still running").isTrue();
      assertThat(System.nanoTime()).as("child handled a quarter of the events in time").isLessThan(deadline);
      Thread.sleep(10);
    }
    first.destroyForcibly(); // SIGKILL
    first.waitFor();
    List<String> before = lines(firstLog);
    assertThat(before.size()).as("killed mid-stream").isLessThan(total);

    Path secondLog = dir.resolve("second.log");
    Process second = child(db, secondLog);
    assertThat(second.waitFor(120, TimeUnit.SECONDS)).as("restarted child finished").isTrue();
    assertThat(second.exitValue()).isZero();
    List<String> after = lines(secondLog);

    Map<String, List<Long>> firstRun = byStream(before);
    Map<String, List<Long>> secondRun = byStream(after);
    for (StreamName s : streams) {
      List<Long> a = firstRun.getOrDefault(s.canonical(), List.of());
      List<Long> b = secondRun.getOrDefault(s.canonical(), List.of());
      assertThat(a).as("first run of %s in order", s).isSorted().doesNotHaveDuplicates();
      assertThat(b).as("second run of %s in order", s).isSorted().doesNotHaveDuplicates();
      TreeSet<Long> all = new TreeSet<>(a);
      all.addAll(b);
      assertThat(all).as("every event of %s handled at least once", s).hasSize(EVENTS_PER_STREAM);
      if (!b.isEmpty()) {
        assertThat(b.getFirst()).as("%s resumes without a gap", s).isLessThanOrEqualTo((long) a.size());
      }
    }
    try (SqlEventStore store = SqlEventStore.open(SqlStoreConfig.sqlite(db))) {
      long head = store.headPosition();
      assertThat(store.checkpoints().load(new CheckpointKey("crash-test", "acme", "store:Item"))).isGreaterThan(0).isLessThanOrEqualTo(head);
      assertThat(Math.max(store.checkpoints().load(new CheckpointKey("crash-test", "acme", "store:Item")),
          store.checkpoints().load(new CheckpointKey("crash-test", "beta", "store:Item")))).isEqualTo(head);
    }
  }

  private static Process child(Path db, Path log) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(), db.toString(), log.toString())
        .redirectErrorStream(true)
        .redirectOutput(db.resolveSibling(log.getFileName() + ".out").toFile())
        .start();
  }

  private static List<String> lines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (!all.isEmpty() && all.getLast().indexOf(' ') < 0) {
      all = all.subList(0, all.size() - 1); // a line torn by the kill
    }
    return all;
  }

  private static Map<String, List<Long>> byStream(List<String> lines) {
    Map<String, List<Long>> result = new HashMap<>();
    for (String line : lines) {
      int space = line.indexOf(' ');
      if (space < 0 || space == line.length() - 1) {
        continue;
      }
      result.computeIfAbsent(line.substring(0, space), k -> new ArrayList<>()).add(Long.parseLong(line.substring(space + 1)));
    }
    return result;
  }
}
