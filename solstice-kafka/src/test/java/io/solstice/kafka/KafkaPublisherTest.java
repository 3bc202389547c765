package io.solstice.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.solstice.core.EventData;
import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import io.solstice.core.store.ExpectedVersion;
import io.solstice.core.store.TenantPlacement;
import io.solstice.kafka.broker.KraftBroker;
import io.solstice.store.sql.SqlEventStore;
import io.solstice.store.sql.SqlStoreConfig;
import io.solstice.testkit.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The publisher end to end on a real broker: every event arrives, with its envelope, each stream in order, across a broker outage. */
class KafkaPublisherTest {

  @TempDir Path dir;

  private static void append(SqlEventStore store, List<StreamName> streams, int rounds, AtomicInteger appended) {
    for (int r = 0; r < rounds; r++) {
      for (StreamName s : streams) {
        store.append(s, ExpectedVersion.ANY, List.of(EventData.of("Touched", ("{\"round\":" + r + "}").getBytes(StandardCharsets.UTF_8))));
        appended.incrementAndGet();
      }
    }
  }

  /** A fresh SQLite store with tenants acme and beta. */
  private SqlEventStore openStore() {
    SqlEventStore store = SqlEventStore.open(SqlStoreConfig.sqlite(dir.resolve("solstice.db")));
    store.tenants().register("acme", TenantPlacement.POOLED_STORE);
    store.tenants().register("beta", TenantPlacement.POOLED_STORE);
    return store;
  }

  private static List<StreamName> streams(int n) {
    List<StreamName> s = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      s.add(StreamName.of(i % 2 == 0 ? "acme" : "beta", i % 3 == 0 ? "Payment" : "Order", "s" + i));
    }
    return s;
  }

  private static void assertEveryStreamCompleteAndInOrder(List<RecordedEvent> events, List<StreamName> streams, SqlEventStore store) {
    Map<StreamName, List<Long>> versions = new HashMap<>();
    for (RecordedEvent e : events) {
      versions.computeIfAbsent(e.stream(), k -> new ArrayList<>()).add(e.version());
    }
    for (StreamName s : streams) {
      long count = store.version(s) + 1;
      List<Long> seen = versions.get(s);
      List<Long> expected = new ArrayList<>();
      for (long v = 0; v < count; v++) {
        expected.add(v);
      }
      assertThat(seen).as("versions of %s on the bus, in order", s).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void everyEventIsPublishedWithItsEnvelopeToItsCategorysTopicKeyedByStream() {
    KafkaBus bus = SharedBroker.bus("pubtest", 3);
    try (SqlEventStore store = openStore()) {
      List<StreamName> streams = streams(12);
      AtomicInteger appended = new AtomicInteger();
      append(store, streams, 5, appended);
      try (KafkaPublisher publisher = new KafkaPublisher(bus, store, store.checkpoints(), null, new SimpleMeterRegistry());
          TopicReader reader = new TopicReader(bus)) {
        publisher.start();
        append(store, streams, 5, appended);

        List<RecordedEvent> events = reader.readAtLeast(appended.get(), Duration.ofSeconds(60));

        assertThat(events).hasSize(appended.get());
        assertEveryStreamCompleteAndInOrder(events, streams, store);
        ConsumerRecord<byte[], byte[]> first = reader.records.getFirst();
        RecordedEvent e = events.getFirst();
        assertThat(first.topic()).isEqualTo("pubtest." + e.stream().category());
        assertThat(new String(first.key(), StandardCharsets.UTF_8)).isEqualTo(e.stream().canonical());
        RecordedEvent stored = store.read(e.stream(), e.version(), 1).getFirst();
        assertThat(e).usingRecursiveComparison().isEqualTo(stored); // the timestamp too, to the store's precision (recorded-at)
        assertThat(first.timestamp()).isEqualTo(stored.timestamp().toEpochMilli());
        for (String h : List.of("event-id", "event-type", "tenant", "stream", "version", "position", "recorded-at")) {
          assertThat(first.headers().lastHeader(h)).as("header %s", h).isNotNull();
        }
        Await.until("the checkpoint reached the head", () -> publisher.checkpoint() == store.headPosition());
      }
    }
  }

  @Test
  void aBacklogOfSeveralPagesIsPublishedCompleteAndEachStreamInOrder() {
    KafkaBus bus = SharedBroker.bus("backlog", 3);
    try (SqlEventStore store = openStore()) {
      List<StreamName> streams = streams(50);
      AtomicInteger appended = new AtomicInteger();
      append(store, streams, 150, appended); // 7,500 events: pages read ahead while the previous one is produced
      try (KafkaPublisher publisher = new KafkaPublisher(bus, store, store.checkpoints(), null, new SimpleMeterRegistry());
          TopicReader reader = new TopicReader(bus)) {
        publisher.start();

        List<RecordedEvent> events = reader.readAtLeast(appended.get(), Duration.ofSeconds(60));

        assertThat(events).hasSize(appended.get());
        assertEveryStreamCompleteAndInOrder(events, streams, store);
        Await.until("the checkpoint reached the head", () -> publisher.checkpoint() == store.headPosition());
      }
    }
  }

  @Test
  void aBrokerOutageMidRunLosesNothingAndKeepsEachStreamInOrder() throws Exception {
    KafkaBus bus = SharedBroker.bus("outage", 3);
    KraftBroker broker = SharedBroker.get();
    try (SqlEventStore store = openStore();
        KafkaPublisher publisher = new KafkaPublisher(bus, store, store.checkpoints(), null, new SimpleMeterRegistry())) {
      List<StreamName> streams = streams(10);
      AtomicInteger appended = new AtomicInteger();
      publisher.start();
      append(store, streams, 10, appended);
      Await.until("the first events published", () -> publisher.checkpoint() > 0, Duration.ofSeconds(60));

      broker.stop();
      append(store, streams, 10, appended); // committed while the bus is down
      broker.restart();
      append(store, streams, 10, appended);

      Await.until("everything published after the outage", () -> publisher.checkpoint() == store.headPosition(), Duration.ofSeconds(120));
      try (TopicReader reader = new TopicReader(bus)) {
        List<RecordedEvent> events = reader.readAtLeast(appended.get(), Duration.ofSeconds(60));
        assertEveryStreamCompleteAndInOrder(events, streams, store);
      }
    }
  }
}
