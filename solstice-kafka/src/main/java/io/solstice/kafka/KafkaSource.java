package io.solstice.kafka;

import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import io.solstice.core.store.EventStore;
import io.solstice.pipeline.Delivery;
import io.solstice.pipeline.Source;
import io.solstice.pipeline.SourceFactory;
import io.solstice.pipeline.SourcePartition;
import io.solstice.pipeline.StoreSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's {@code store:} source read from the bus instead of the store: the same URI ({@code
 * store:Order?tenant=acme}), the category's topics instead of the feed. The {@link
 * io.solstice.pipeline.ServiceHost} maps {@code store:} URIs to it when the process runs with
 * {@code --bus}, so no service changes.
 *
 * <h2>Semantics</h2>
 *
 * <ul>
 *   <li><b>Groups:</b> each service consumes in its own group {@code <prefix>.<service>} (classic
 *       group protocol, cooperative-sticky assignment), so instances of one service share the
 *       partitions and each instance handles the streams of the partitions it holds.
 *   <li><b>Scheduling:</b> records feed the service's scheduler like store events: one partition
 *       per topic partition (its read-ahead and checkpoint), per-stream order, tenant fairness,
 *       retries and dead letters. A partition whose read-ahead is full is paused (re-applied on
 *       every poll, since a rebalance resumes partitions) while polling goes on.
 *   <li><b>Offsets</b> are the service's checkpoints: committed only over contiguously completed
 *       records, as the next offset to read.
 *   <li><b>Rebalances:</b> on a revoke, input of the revoked partitions already being handled
 *       finishes (up to {@code revokeTimeout}), input not started is dropped, and what is completed
 *       is committed before the partitions are handed over. Partitions <em>lost</em> are dropped
 *       without committing. Either way the next owner starts from the committed offset, so records
 *       may be handled twice; effects are idempotent.
 *   <li><b>Duplicates</b> produced by a publisher that resent after a failure come later in the
 *       partition with a stream version already delivered: they are dropped (within one assignment
 *       of the partition).
 * </ul>
 */
public final class KafkaSource implements Source {
  private static final Logger log = LoggerFactory.getLogger(KafkaSource.class);

  private final String uri;
  private final KafkaBus bus;
  private final List<String> categories;
  private final List<String> tenants;
  private final int pageSize;
  private final Duration revokeTimeout;

  private KafkaSource(String uri, KafkaBus bus, List<String> categories, List<String> tenants, int pageSize, Duration revokeTimeout) {
    this.uri = uri;
    this.bus = bus;
    this.categories = categories;
    this.tenants = tenants;
    this.pageSize = pageSize;
    this.revokeTimeout = revokeTimeout;
  }

  /** The factory that resolves {@code store:} URIs to this source on {@code bus}. */
  public static SourceFactory factory(KafkaBus bus) {
    return (String uri, EventStore store, int pageSize) -> {
      StoreSource parsed = StoreSource.parse(uri, store, pageSize);
      return new KafkaSource(uri, bus, parsed.categories(), parsed.tenants(), parsed.pageSize(), Duration.ofSeconds(10));
    };
  }

  @Override
  public String uri() {
    return uri;
  }

  @Override
  public boolean ownsCheckpoints() {
    return true;
  }

  @Override
  public Reader open(Context context) {
    return new KafkaReader(context);
  }

  private final class KafkaReader implements Reader, ConsumerRebalanceListener {
    private final Context context;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<TopicPartition, Long> toCommit = new ConcurrentHashMap<>();
    private final Map<SourcePartition, TopicPartition> topicPartitions = new ConcurrentHashMap<>();
    private final Map<StreamName, Long> delivered = new HashMap<>();

    KafkaReader(Context context) {
      this.context = context;
      Properties p = bus.common("solstice-" + context.service());
      p.put(ConsumerConfig.GROUP_ID_CONFIG, bus.group(context.service()));
      p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
      p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
      p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
      p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(pageSize));
      p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
      p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "5000"); // notice new category topics within seconds
      // a dead instance's partitions move to the others after 10 s (Kafka's default is 45 s)
      p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
      p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "2000");
      this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
      createTopics();
      if (categories.isEmpty()) {
        consumer.subscribe(bus.allTopics(), this);
      } else {
        consumer.subscribe(categories.stream().map(bus::topic).toList(), this);
      }
    }

    /** Creates the topics of the source's categories that do not exist yet, so that subscribing to them is quiet and immediate. */
    private void createTopics() {
      if (categories.isEmpty()) {
        return;
      }
      try (Topics topics = new Topics(bus, "solstice-" + context.service() + "-topics")) {
        for (String category : categories) {
          topics.ensure(category);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private SourcePartition partition(TopicPartition tp) {
      SourcePartition p = SourcePartition.shared("kafka:" + tp.topic() + "-" + tp.partition());
      topicPartitions.putIfAbsent(p, tp);
      return p;
    }

    @Override
    public Poll poll(ReadAhead readAhead, Duration maxWait) throws InterruptedException {
      commitPending();
      List<TopicPartition> pause = new ArrayList<>();
      List<TopicPartition> resume = new ArrayList<>();
      for (TopicPartition tp : consumer.assignment()) {
        (readAhead.room(partition(tp)) <= 0 ? pause : resume).add(tp);
      }
      consumer.pause(pause);
      consumer.resume(resume);
      ConsumerRecords<byte[], byte[]> records;
      try {
        records = consumer.poll(maxWait);
      } catch (InterruptException e) {
        throw new InterruptedException("interrupted while polling " + uri);
      }
      List<Delivery> deliveries = new ArrayList<>();
      for (TopicPartition tp : records.partitions()) {
        List<ConsumerRecord<byte[], byte[]>> batch = records.records(tp);
        List<RecordedEvent> events = new ArrayList<>(batch.size());
        for (ConsumerRecord<byte[], byte[]> r : batch) {
          RecordedEvent e;
          try {
            e = EventRecords.toEvent(r);
          } catch (IllegalArgumentException ex) {
            log.warn("service {}: skipping {}", context.service(), ex.getMessage());
            continue;
          }
          if (!tenants.isEmpty() && !tenants.contains(e.stream().tenant())) {
            continue;
          }
          Long seen = delivered.get(e.stream());
          if (seen != null && e.version() <= seen) {
            continue; // a duplicate a resending publisher produced again
          }
          delivered.put(e.stream(), e.version());
          events.add(e);
        }
        deliveries.add(new Delivery(partition(tp), events, batch.getLast().offset()));
      }
      if (delivered.size() > 200_000) {
        delivered.clear(); // bounded memory; duplicates are absorbed by idempotent effects anyway
      }
      return new Poll(deliveries, !pause.isEmpty());
    }

    /** Queues completed offsets; the polling thread commits them (the consumer is single-threaded). */
    @Override
    public void commit(Map<SourcePartition, Long> completed) {
      completed.forEach((p, offset) -> {
        TopicPartition tp = topicPartitions.get(p);
        if (tp != null && offset != Long.MIN_VALUE) {
          toCommit.put(tp, offset + 1);
        }
      });
    }

    private void commitPending() {
      if (toCommit.isEmpty()) {
        return;
      }
      Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
      for (TopicPartition tp : List.copyOf(toCommit.keySet())) {
        Long next = toCommit.remove(tp);
        if (next != null && consumer.assignment().contains(tp)) {
          offsets.put(tp, new OffsetAndMetadata(next));
        }
      }
      if (!offsets.isEmpty()) {
        consumer.commitAsync(offsets, (done, error) -> {
          if (error != null) {
            log.debug("service {}: committing offsets {} failed (they will be committed again): {}", context.service(), done, error.toString());
          }
        });
      }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
      if (revoked.isEmpty()) {
        return;
      }
      Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
      try {
        Map<SourcePartition, Long> done = context.release(revoked.stream().map(this::partition).toList(), revokeTimeout);
        for (TopicPartition tp : revoked) {
          Long offset = done.get(partition(tp));
          toCommit.remove(tp);
          if (offset != null) {
            offsets.put(tp, new OffsetAndMetadata(offset + 1));
          }
        }
        if (!offsets.isEmpty()) {
          consumer.commitSync(offsets);
        }
        log.info("service {}: partitions {} revoked; committed {}", context.service(), revoked, offsets.values());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        log.warn("service {}: committing the revoked partitions {} failed; their next owner resumes from the last commit: {}",
            context.service(), revoked, e.toString());
      }
      delivered.clear();
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
      context.drop(lost.stream().map(this::partition).toList());
      lost.forEach(toCommit::remove);
      delivered.clear();
      log.warn("service {}: partitions {} lost (no longer ours); their records will be handled by their next owner", context.service(), lost);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
      if (!assigned.isEmpty()) {
        log.info("service {}: partitions {} assigned", context.service(), assigned);
      }
    }

    @Override
    public void close() {
      try {
        commitPendingSync();
      } finally {
        consumer.close(Duration.ofSeconds(5));
      }
    }

    private void commitPendingSync() {
      Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
      toCommit.forEach((tp, next) -> {
        if (consumer.assignment().contains(tp)) {
          offsets.put(tp, new OffsetAndMetadata(next));
        }
      });
      toCommit.clear();
      if (!offsets.isEmpty()) {
        try {
          consumer.commitSync(offsets, Duration.ofSeconds(5));
        } catch (RuntimeException e) {
          log.warn("service {}: committing offsets on close failed; the next owner resumes from the last commit: {}", context.service(),
              e.toString());
        }
      }
    }
  }
}
