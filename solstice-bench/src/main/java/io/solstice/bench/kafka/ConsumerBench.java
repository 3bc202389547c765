package io.solstice.bench.kafka;

import io.solstice.bench.Machine;
import io.solstice.core.EventMetadata;
import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import io.solstice.kafka.EventRecords;
import io.solstice.kafka.KafkaBus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Consumer scaling: {@code n} instances of one service in child JVMs ({@link ConsumerInstance}),
 * one consumer group, an I/O-bound handler. The group is formed on an empty topic first; then the
 * events are produced, and the run is timed from the first one produced to the last one handled.
 */
final class ConsumerBench {
  /**
   * Streams the events are spread over: enough that murmur2 spreads them within a few per cent
   * over the partitions (with 400, two partitions could hold 14% more than their share, and the
   * instance that got them set the 4-instance figure).
   */
  private static final int STREAMS = 4_000;

  private final String servers;
  private final String prefix;
  private final int partitions;
  private final int events;
  private final int handlerMs;
  private final int concurrency;
  private final Path dir;
  private final PrintWriter err;

  ConsumerBench(String servers, String prefix, int partitions, int events, int handlerMs, int concurrency, Path dir, PrintWriter err) {
    this.servers = servers;
    this.prefix = prefix;
    this.partitions = partitions;
    this.events = events;
    this.handlerMs = handlerMs;
    this.concurrency = concurrency;
    this.dir = dir;
    this.err = err;
  }

  /** Events per second handled by {@code n} instances. */
  double run(int n) throws Exception {
    String runPrefix = prefix + "-" + n;
    KafkaBus bus = KafkaBus.parse("kafka://" + servers, runPrefix, partitions);
    Properties common = new Properties();
    common.put("bootstrap.servers", servers);
    List<Process> instances = new ArrayList<>();
    List<Path> counts = new ArrayList<>();
    Path stop = dir.resolve("stop-" + runPrefix);
    try (Admin admin = Admin.create(common)) {
      admin.createTopics(List.of(new NewTopic(bus.topic("Order"), Optional.of(partitions), Optional.empty()))).all().get(60, TimeUnit.SECONDS);
      KafkaBenchCommand.say(err, "consumers: starting " + n + " instance" + (n == 1 ? "" : "s") + " (child JVMs)…");
      for (int i = 0; i < n; i++) {
        Path count = dir.resolve("count-" + runPrefix + "-" + i);
        counts.add(count);
        instances.add(Machine.startJvm(ConsumerInstance.class, List.of("-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
            List.of(servers, runPrefix, count.toString(), stop.toString(), Integer.toString(handlerMs), Integer.toString(concurrency)),
            dir.resolve("consumer-" + runPrefix + "-" + i + ".log")));
      }
      awaitStableGroup(admin, bus.group("bench-consumer"), n);
      KafkaBenchCommand.say(err, "consumers: " + n + " instance" + (n == 1 ? "" : "s") + " handling " + events + " events…");
      long t0 = System.nanoTime();
      produce(bus);
      long handled = 0;
      while (handled < events) {
        Thread.sleep(20);
        handled = 0;
        for (Path c : counts) {
          handled += read(c);
        }
        if (System.nanoTime() - t0 > TimeUnit.MINUTES.toNanos(5)) {
          throw new IllegalStateException("consumers handled only " + handled + " of " + events + " events in 5 minutes; see " + dir);
        }
      }
      return events / ((System.nanoTime() - t0) / 1e9);
    } finally {
      Files.writeString(stop, "stop");
      for (Process p : instances) {
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    }
  }

  private void awaitStableGroup(Admin admin, String group, int members) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      try {
        ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group);
        if (d.groupState() == GroupState.STABLE && d.members().size() == members
            && d.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty())) {
          return;
        }
      } catch (Exception e) {
        // not formed yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the consumer group " + group + " did not form with " + members + " members within 3 minutes");
  }

  private void produce(KafkaBus bus) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    Map<Integer, Long> versions = new HashMap<>();
    byte[] data = "{\"bench\":true}".getBytes(StandardCharsets.UTF_8);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < events; i++) {
        int s = i % STREAMS;
        long version = versions.merge(s, 1L, Long::sum) - 1;
        RecordedEvent e = new RecordedEvent(UUID.randomUUID(), StreamName.of("bench", "Order", "s" + s), version, i + 1L, "Touched", data,
            EventMetadata.EMPTY, Instant.now());
        producer.send(EventRecords.toRecord(bus.topic("Order"), e));
      }
      producer.flush();
    }
  }

  private static long read(Path count) {
    try {
      return Files.exists(count) ? Long.parseLong(Files.readString(count, StandardCharsets.UTF_8).strip()) : 0;
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }
}
