package io.solstice.bench.kafka;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.solstice.core.EventData;
import io.solstice.core.StreamName;
import io.solstice.core.store.AppendRequest;
import io.solstice.core.store.ExpectedVersion;
import io.solstice.core.store.TenantPlacement;
import io.solstice.kafka.KafkaBus;
import io.solstice.kafka.KafkaPublisher;
import io.solstice.store.sql.SqlEventStore;
import io.solstice.store.sql.SqlStoreConfig;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The publisher against a raw producer loop on the same broker: the raw loop sends {@code events}
 * records of the events' size with the publisher's producer settings (idempotent, {@code acks=all},
 * lz4, 5 ms linger, 256 KiB batches) as fast as it can, except that it keeps the client's default
 * of 5 produce requests in flight where the publisher keeps 1 (see {@code KafkaPublisher}), so the
 * ratio includes what that choice costs; the publisher then publishes {@code events} events from a
 * SQLite store, timed from its start to the checkpoint reaching the store's head.
 */
final class PublisherBench {
  private static final int DATA_BYTES = 256;
  private static final int STREAMS = 1_000;

  record Result(double publisherPerSec, double rawPerSec, int eventBytes) {}

  private final String servers;
  private final String prefix;
  private final int partitions;
  private final int events;
  private final Path dir;
  private final PrintWriter err;

  PublisherBench(String servers, String prefix, int partitions, int events, Path dir, PrintWriter err) {
    this.servers = servers;
    this.prefix = prefix;
    this.partitions = partitions;
    this.events = events;
    this.dir = dir;
    this.err = err;
  }

  Result run() throws Exception {
    byte[] data = data();
    KafkaBenchCommand.say(err, "raw producer: " + events + " records of " + data.length + " B…");
    double raw = raw(data);
    KafkaBenchCommand.say(err, "publisher: filling a SQLite store with " + events + " events…");
    try (SqlEventStore store = SqlEventStore.open(SqlStoreConfig.sqlite(dir.resolve("publisher.db")))) {
      fill(store, data);
      KafkaBus bus = KafkaBus.parse("kafka://" + servers, prefix, partitions);
      KafkaBenchCommand.say(err, "publisher: publishing " + events + " events…");
      long t0 = System.nanoTime();
      try (KafkaPublisher publisher = new KafkaPublisher(bus, store, store.checkpoints(), null, new SimpleMeterRegistry())) {
        publisher.start();
        long head = store.headPosition();
        while (publisher.checkpoint() < head) {
          Thread.sleep(5);
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      return new Result(events / seconds, raw, data.length);
    }
  }

  private static byte[] data() {
    StringBuilder json = new StringBuilder("{\"sku\":\"TEE-RED-M\",\"quantity\":2,\"pad\":\"");
    while (json.length() < DATA_BYTES - 2) {
      json.append('x');
    }
    return json.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
  }

  private double raw(byte[] value) throws Exception {
    String topic = prefix + "-raw";
    Properties admin = new Properties();
    admin.put("bootstrap.servers", servers);
    try (Admin a = Admin.create(admin)) {
      a.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty()))).all().get(60, TimeUnit.SECONDS);
    }
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.partitionsFor(topic); // metadata before timing
      long t0 = System.nanoTime();
      for (int i = 0; i < events; i++) {
        producer.send(new ProducerRecord<>(topic, ("bench:Order-s" + (i % STREAMS)).getBytes(StandardCharsets.UTF_8), value));
      }
      producer.flush();
      return events / ((System.nanoTime() - t0) / 1e9);
    }
  }

  private void fill(SqlEventStore store, byte[] data) {
    for (int t = 0; t < 10; t++) {
      store.tenants().register("bench" + t, TenantPlacement.POOLED_STORE);
    }
    int perAppend = 100;
    List<AppendRequest> batch = new ArrayList<>();
    for (int written = 0; written < events; ) {
      int n = Math.min(perAppend, events - written);
      int s = (written / perAppend) % STREAMS;
      List<EventData> es = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        es.add(EventData.of("Touched", data));
      }
      batch.add(new AppendRequest(StreamName.of("bench" + (s % 10), "Order", "s" + s), ExpectedVersion.ANY, es));
      written += n;
      if (batch.size() == 10) {
        store.appendAll(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      store.appendAll(batch);
    }
  }
}
