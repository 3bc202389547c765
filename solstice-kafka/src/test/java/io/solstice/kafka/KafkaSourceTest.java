package io.solstice.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.solstice.core.EventData;
import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import io.solstice.core.memory.MemoryCheckpointStore;
import io.solstice.core.memory.MemoryDeadLetterStore;
import io.solstice.core.memory.MemoryStore;
import io.solstice.core.store.ExpectedVersion;
import io.solstice.core.store.TenantPlacement;
import io.solstice.pipeline.Service;
import io.solstice.pipeline.ServiceHost;
import io.solstice.store.sql.SqlEventStore;
import io.solstice.store.sql.SqlStoreConfig;
import io.solstice.testkit.Await;
import io.solstice.testkit.ChildJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Services consuming the bus: the same service definitions, with {@code store:} sources read from Kafka. */
class KafkaSourceTest {

  @TempDir Path dir;

  private static List<StreamName> append(SqlEventStore store, int streams, int rounds) {
    List<StreamName> names = new ArrayList<>();
    for (int i = 0; i < streams; i++) {
      names.add(StreamName.of(i % 2 == 0 ? "acme" : "beta", "Order", "o" + i));
    }
    for (int r = 0; r < rounds; r++) {
      for (StreamName s : names) {
        store.append(s, ExpectedVersion.ANY, List.of(EventData.of("Placed", "{}".getBytes(StandardCharsets.UTF_8))));
      }
    }
    return names;
  }

  private SqlEventStore store() {
    SqlEventStore store = SqlEventStore.open(SqlStoreConfig.sqlite(dir.resolve("solstice.db")));
    store.tenants().register("acme", TenantPlacement.POOLED_STORE);
    store.tenants().register("beta", TenantPlacement.POOLED_STORE);
    return store;
  }

  @Test
  void aServiceReadsItsCategoryFromTheBusAndARestartResumesAfterTheCommittedOffsets() {
    KafkaBus bus = SharedBroker.bus("srctest", 4);
    List<RecordedEvent> handled = Collections.synchronizedList(new ArrayList<>());
    Service<RecordedEvent, RecordedEvent> service = Service.named("counter").consume("store:Order?tenant=acme")
        .decode(e -> Optional.of(e)).handle(e -> e).interpret((e, ctx) -> handled.add(e)).build();
    try (SqlEventStore store = store();
        KafkaPublisher publisher = new KafkaPublisher(bus, store, store.checkpoints(), null, new SimpleMeterRegistry());
        MemoryStore unused = new MemoryStore()) {
      publisher.start();
      append(store, 6, 5); // 15 of acme, 15 of beta
      ServiceHost first = ServiceHost.builder(unused).checkpoints(new MemoryCheckpointStore()).deadLetters(new MemoryDeadLetterStore())
          .checkpointInterval(Duration.ofMillis(100)).sourceFactory("store", KafkaSource.factory(bus)).service(service).build();
      first.start();
      Await.until("acme's 15 events handled", () -> handled.size() == 15, Duration.ofSeconds(60));
      first.stop(Duration.ofSeconds(10));
      assertThat(handled).allMatch(e -> e.stream().tenant().equals("acme"));

      append(store, 6, 2);
      ServiceHost second = ServiceHost.builder(unused).checkpoints(new MemoryCheckpointStore()).deadLetters(new MemoryDeadLetterStore())
          .sourceFactory("store", KafkaSource.factory(bus)).service(service).build();
      second.start();
      Await.until("the 6 new events of acme handled", () -> handled.size() == 21, Duration.ofSeconds(60));
      second.stop(Duration.ofSeconds(10));
      assertThat(handled).hasSize(21);
    }
  }

  @Test
  void twoInstancesShareThePartitionsAndAfterOneIsKilledEveryEventIsHandledInOrder() throws Exception {
    KafkaBus bus = SharedBroker.bus("scaletest", 6);
    Path stop = dir.resolve("stop");
    Path logA = dir.resolve("a.log");
    Path logB = dir.resolve("b.log");
    try (SqlEventStore store = store();
        KafkaPublisher publisher = new KafkaPublisher(bus, store, store.checkpoints(), null, new SimpleMeterRegistry())) {
      List<String> args = List.of(String.join(",", bus.bootstrapServers()), bus.prefix());
      Process a = ChildJvm.start(ConsumerChild.class, concat(args, logA, stop), dir.resolve("a.out"));
      Process b = ChildJvm.start(ConsumerChild.class, concat(args, logB, stop), dir.resolve("b.out"));
      List<StreamName> streams;
      try {
        awaitGroupOf(bus, 2); // both instances share the partitions before any event arrives
        publisher.start();
        streams = append(store, 60, 20); // 1,200 events
        Await.until("both instances handling", () -> lines(logA).size() > 50 && lines(logB).size() > 50, Duration.ofSeconds(90));
        a.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        List<StreamName> all = streams;
        Await.until("every event handled at least once", () -> handledVersions(logA, logB).values().stream().mapToInt(Set::size).sum()
            == all.size() * 20, Duration.ofSeconds(120));
      } finally {
        Files.writeString(stop, "stop");
        b.waitFor(30, TimeUnit.SECONDS);
        a.destroyForcibly();
        b.destroyForcibly();
      }
      assertInOrderPerStream(lines(logA));
      assertInOrderPerStream(lines(logB));
    }
  }

  /** Waits until the recorder's consumer group is stable with {@code members} members, each holding partitions. */
  private static void awaitGroupOf(KafkaBus bus, int members) {
    java.util.Properties p = new java.util.Properties();
    p.put("bootstrap.servers", String.join(",", bus.bootstrapServers()));
    String group = bus.group("recorder");
    try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(p)) {
      Await.until("the group " + group + " formed with " + members + " members", () -> {
        try {
          var d = admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group);
          return d.groupState() == org.apache.kafka.common.GroupState.STABLE && d.members().size() == members
              && d.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
        } catch (Exception e) {
          return false;
        }
      }, Duration.ofSeconds(120));
    }
  }

  private static List<String> concat(List<String> args, Path log, Path stop) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of(log.toString(), stop.toString(), "5", "4"));
    return all;
  }

  private static List<String> lines(Path log) {
    try {
      return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> l.contains(" ")).toList() : List.of();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static Map<String, Set<Long>> handledVersions(Path... logs) {
    Map<String, Set<Long>> versions = new HashMap<>();
    for (Path log : logs) {
      for (String line : lines(log)) {
        String[] p = line.split(" ");
        versions.computeIfAbsent(p[0], k -> new HashSet<>()).add(Long.parseLong(p[1]));
      }
    }
    return versions;
  }

  /** Within one instance's run, each stream's versions were handled in increasing order (a takeover may repeat some). */
  private static void assertInOrderPerStream(List<String> lines) {
    Map<String, Long> last = new HashMap<>();
    for (String line : lines) {
      String[] p = line.split(" ");
      long v = Long.parseLong(p[1]);
      Long before = last.put(p[0], v);
      assertThat(before == null || v > before).as("%s after version %s", line, before).isTrue();
    }
  }
}
