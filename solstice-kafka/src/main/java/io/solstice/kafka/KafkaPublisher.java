package io.solstice.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.solstice.core.RecordedEvent;
import io.solstice.core.store.CheckpointKey;
import io.solstice.core.store.CheckpointStore;
import io.solstice.core.store.EventStore;
import io.solstice.core.store.FeedFilter;
import io.solstice.core.store.Lease;
import io.solstice.core.store.LeaseLostException;
import io.solstice.pipeline.FeedTail;
import io.solstice.pipeline.LeaseKeeper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes every event of one store to Kafka, in position order: the store → bus half of the bus.
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li><b>One active publisher per store:</b> with a {@link LeaseKeeper} (several processes on one
 *       PostgreSQL store) only the holder of lease {@code publisher:<prefix>} publishes; the others
 *       stand by and take over, from the stored checkpoint, when it dies. Its checkpoint writes are
 *       fenced by the lease.
 *   <li><b>Nothing skipped:</b> the checkpoint ({@code kafka-publisher}, {@code *}, {@code
 *       <prefix>}) is the highest position below which the broker acknowledged every event
 *       ({@link AckWindow}), stored only after those acknowledgements.
 *   <li><b>Order within a stream:</b> the idempotent producer ({@code enable.idempotence=true},
 *       {@code acks=all}, at most 5 requests in flight) keeps each partition in send order across
 *       its own retries; a broker outage of up to 5 minutes makes the producer wait and retry
 *       (its delivery time-out), so such an outage produces no gap and no reordering. A longer one
 *       fails the sends: the publisher starts a new producer from the checkpoint (below).
 *   <li><b>Duplicates after a failure:</b> if a send fails for good or the publisher crashes, the
 *       next attempt (a new producer, or another instance) resends from the checkpoint, so events
 *       acknowledged after it are produced again. Consumers absorb them: the Kafka source drops a
 *       record whose stream version it has already delivered, and effects are idempotent.
 * </ul>
 *
 * It reads the store's feed through a {@link FeedTail} (commits pushed by this process's writer,
 * others read in pages), or from the store itself when it is further behind than the tail holds;
 * on a backlog it reads the next page while it produces the current one.
 */
public final class KafkaPublisher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KafkaPublisher.class);
  private static final int PAGE = 2_000;
  private static final int IN_FLIGHT = 1 << 16;
  private static final Duration CHECKPOINT_EVERY = Duration.ofMillis(500);

  private final KafkaBus bus;
  private final EventStore store;
  private final CheckpointStore checkpoints;
  private final LeaseKeeper keeper;
  private final CheckpointKey checkpointKey;
  private final String leaseName;
  private final Counter published;
  private final AtomicReference<Thread> term = new AtomicReference<>();
  private volatile long checkpoint = -1;
  private volatile boolean closed;
  private FeedTail feed;
  private LeaseKeeper.Claim claim;

  /**
   * A publisher of {@code store} to {@code bus}, keeping its checkpoint in {@code checkpoints}; with
   * {@code keeper} (may be null: one process alone on the store) it publishes only while holding
   * its lease.
   */
  public KafkaPublisher(KafkaBus bus, EventStore store, CheckpointStore checkpoints, LeaseKeeper keeper, MeterRegistry meters) {
    this(bus, store, null, checkpoints, keeper, meters);
  }

  /**
   * A publisher of the store named {@code storeName} (null for the pooled store): a deployment with
   * dedicated stores runs one publisher per store, each with its own lease ({@code
   * publisher:<prefix>:<store>}) and checkpoint ({@code <prefix>/<store>}).
   */
  public KafkaPublisher(KafkaBus bus, EventStore store, String storeName, CheckpointStore checkpoints, LeaseKeeper keeper,
      MeterRegistry meters) {
    this.bus = bus;
    this.store = store;
    this.checkpoints = checkpoints;
    this.keeper = keeper;
    this.leaseName = storeName == null ? bus.publisherLease() : bus.publisherLease() + ":" + storeName;
    this.checkpointKey = new CheckpointKey("kafka-publisher", "*", storeName == null ? bus.prefix() : bus.prefix() + "/" + storeName);
    String tag = storeName == null ? "pooled" : storeName;
    this.published = Counter.builder("solstice.bus.published").description("events produced to Kafka and acknowledged")
        .tag("prefix", bus.prefix()).tag("store", tag).register(meters);
    Gauge.builder("solstice.bus.publisher.active", this, p -> p.term.get() != null ? 1 : 0).tag("prefix", bus.prefix()).tag("store", tag)
        .description("1 while this process is the active publisher").register(meters);
    Gauge.builder("solstice.bus.publisher.lag", this, p -> p.checkpoint < 0 ? 0 : Math.max(0, store.headPosition() - p.checkpoint))
        .tag("prefix", bus.prefix()).tag("store", tag).description("events committed to the store and not yet acknowledged by Kafka")
        .register(meters);
  }

  /** Starts publishing, or standing by for the lease. */
  public synchronized void start() {
    feed = FeedTail.open(store, 1 << 15, Duration.ofSeconds(1));
    if (keeper == null) {
      startTerm(null);
      return;
    }
    claim = keeper.claim(leaseName, new LeaseKeeper.Claim.Listener() {
      @Override
      public void acquired(Lease lease) {
        startTerm(lease);
      }

      @Override
      public void lost(Lease lease) {
        stopTerm(false);
      }
    });
    log.info("publisher to {} standing by for lease {}", bus, leaseName);
  }

  /** True while this process publishes (it holds the lease, or needs none). */
  public boolean active() {
    return term.get() != null;
  }

  /** The last stored checkpoint (a store position), or -1 before the first. */
  public long checkpoint() {
    return checkpoint;
  }

  private void startTerm(Lease lease) {
    if (closed) {
      return;
    }
    Thread t = Thread.ofVirtual().name("solstice-kafka-publisher").unstarted(() -> run(lease));
    if (term.compareAndSet(null, t)) {
      t.start();
    }
  }

  private void stopTerm(boolean graceful) {
    Thread t = term.getAndSet(null);
    if (t != null && t != Thread.currentThread()) {
      if (!graceful) {
        t.interrupt();
      }
      try {
        t.join(Duration.ofSeconds(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** One term: publish from the stored checkpoint until the term ends; a failed producer is replaced and resumes from the checkpoint. */
  private void run(Lease lease) {
    Thread self = Thread.currentThread();
    try (Topics topics = new Topics(bus, "solstice-publisher-topics")) {
      long from = checkpoints.load(checkpointKey);
      checkpoint = from;
      log.info("publishing {} to {} from position {}{}", store, bus, from, lease == null ? "" : " (lease token " + lease.token() + ")");
      while (term.get() == self && !closed) {
        try (Producing p = new Producing(topics, lease, checkpoint)) {
          p.publish(self);
          return;
        } catch (SendFailedException e) {
          log.warn("publishing to {} failed ({}); resending from position {} with a new producer", bus, e.getMessage(), checkpoint);
          Thread.sleep(500);
        }
      }
    } catch (InterruptedException e) {
      // the term ended
    } catch (LeaseLostException e) {
      log.warn("publisher: {}", e.getMessage());
      if (claim != null) {
        keeper.reportLost(claim, lease);
      }
    } catch (RuntimeException e) {
      log.error("publisher to {} stopped with an unexpected error; it restarts with the next lease term or process", bus, e);
    } finally {
      term.compareAndSet(self, null);
    }
  }

  /** A send failed for good: the producer must be replaced and the events after the checkpoint resent. */
  private static final class SendFailedException extends Exception {
    SendFailedException(String message) {
      super(message);
    }
  }

  /** One producer's run. */
  private final class Producing implements AutoCloseable {
    private final Topics topics;
    private final Lease lease;
    private final KafkaProducer<byte[], byte[]> producer;
    private final AckWindow acks;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private long sent;
    private long lastSave = System.nanoTime();
    private boolean clean;

    Producing(Topics topics, Lease lease, long from) {
      this.topics = topics;
      this.lease = lease;
      this.producer = new KafkaProducer<>(producerProperties(), new ByteArraySerializer(), new ByteArraySerializer());
      this.acks = new AckWindow(IN_FLIGHT, from);
      this.sent = from;
    }

    void publish(Thread self) throws InterruptedException, SendFailedException {
      CompletableFuture<List<RecordedEvent>> next = null;
      while (term.get() == self && !closed) {
        List<RecordedEvent> events = next != null ? await(next) : page(sent);
        next = null;
        if (events.isEmpty()) {
          saveIfDue(false);
          feed.await(sent, Duration.ofMillis(100));
          continue;
        }
        if (events.size() == PAGE) {
          next = prefetch(events.getLast().position());
        }
        for (RecordedEvent e : events) {
          while (e.position() - acks.advance() >= acks.capacity()) {
            checkFailure();
            Thread.sleep(1); // the window is full: wait for acknowledgements
          }
          checkFailure();
          long position = e.position();
          producer.send(EventRecords.toRecord(topics.ensure(e.stream().category()), e), (metadata, error) -> {
            if (error == null) {
              acks.ack(position);
              published.increment();
            } else {
              failure.compareAndSet(null, error);
            }
          });
          sent = position;
        }
        saveIfDue(false);
      }
      producer.flush();
      checkFailure();
      saveIfDue(true);
      clean = true;
    }

    /** The page after {@code position}: from the tail when it holds it, else from the store. */
    private List<RecordedEvent> page(long position) {
      List<RecordedEvent> events = feed.after(position, PAGE);
      return events != null ? events : store.readAll(position, PAGE, FeedFilter.ALL);
    }

    /**
     * Reads the page after {@code position} on its own virtual thread while this one produces the
     * current page: catching up on a backlog, reading the store and producing take about the same
     * CPU each (profiled: 44% and 52% of the publisher thread), so a second core can take the
     * reading (on two cores shared with the broker the gain was within the run-to-run spread; see
     * BENCHMARKS.md, Bus). At most one page is read ahead, so at most one carrier is pinned by the
     * driver's native read; a prefetch left behind when the term ends is dropped.
     */
    private CompletableFuture<List<RecordedEvent>> prefetch(long position) {
      CompletableFuture<List<RecordedEvent>> f = new CompletableFuture<>();
      Thread.ofVirtual().name("solstice-kafka-publisher-read").start(() -> {
        try {
          f.complete(page(position));
        } catch (RuntimeException e) {
          f.completeExceptionally(e);
        }
      });
      return f;
    }

    private static List<RecordedEvent> await(CompletableFuture<List<RecordedEvent>> page) throws InterruptedException {
      try {
        return page.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw new IllegalStateException(e.getCause());
      }
    }

    private void checkFailure() throws SendFailedException {
      Exception e = failure.get();
      if (e != null) {
        saveIfDue(true);
        throw new SendFailedException(e.toString());
      }
    }

    private void saveIfDue(boolean now) {
      long cp = acks.advance();
      if (cp <= checkpoint || (!now && System.nanoTime() - lastSave < CHECKPOINT_EVERY.toNanos())) {
        return;
      }
      if (lease == null) {
        checkpoints.saveAll(Map.of(checkpointKey, cp));
      } else {
        checkpoints.saveAll(Map.of(checkpointKey, cp), lease);
      }
      checkpoint = cp;
      lastSave = System.nanoTime();
    }

    @Override
    public void close() {
      producer.close(clean ? Duration.ofSeconds(10) : Duration.ZERO);
    }
  }

  private Properties producerProperties() {
    Properties p = bus.common("solstice-publisher");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    // Outages shorter than this are ridden out by the producer's own retries (no gap, no reordering);
    // a longer one, or a producer wedged on an error it cannot retry past, fails the send: the
    // publisher then starts a new producer from the checkpoint (consumers absorb what is resent).
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(Duration.ofMinutes(5).toMillis()));
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(Duration.ofMinutes(5).toMillis()));
    return p;
  }

  /** Stops publishing: what was sent is flushed and its checkpoint stored; the lease is released. */
  @Override
  public synchronized void close() {
    closed = true;
    stopTerm(true);
    if (keeper != null && claim != null) {
      keeper.withdraw(claim);
    }
    if (feed != null) {
      feed.close();
    }
  }
}
