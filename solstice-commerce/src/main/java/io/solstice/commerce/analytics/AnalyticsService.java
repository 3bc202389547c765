package io.solstice.commerce.analytics;

import io.solstice.commerce.Categories;
import io.solstice.commerce.order.Order;
import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import io.solstice.pipeline.Parallelism;
import io.solstice.pipeline.RetryPolicy;
import io.solstice.pipeline.Scheduling;
import io.solstice.pipeline.Service;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Service {@code analytics}: lands every order in the analytics database. For each event of an
 * order stream ({@code store:Order}) it reads the order's stream, folds it into {@link OrderFacts}
 * (row of {@code orders} and rows of {@code order_lines}, as of the stream's current version) and
 * writes them in the next batch; the interpreter returns — and the event's checkpoint may pass —
 * only once the batch is committed.
 *
 * <p>At least once, idempotent: a row is keyed by (tenant, order id) and replaced only by facts of a
 * higher stream version, lines by (tenant, order id, sku) and written once, so redelivered or
 * replayed events change nothing. Events of a stream whose facts are already committed at their
 * version or later (known from a bounded in-memory record of versions written) are not written
 * again: a span of an order's pending events costs one write. The fold of each recently handled
 * order is kept (bounded), so a later event reads and decodes only the events after it, not the
 * whole stream.
 *
 * <p>Wire it in the process that owns {@code DATA/analytics.duckdb} (one writing process):
 *
 * <pre>{@code
 * AnalyticsDatabase db = AnalyticsDatabase.open(AnalyticsDatabase.fileIn(dataDir), AnalyticsSettings.defaults());
 * services.add(AnalyticsService.service(categories, db));   // close db after the host stops
 * }</pre>
 */
public final class AnalyticsService {
  private AnalyticsService() {}

  public static final String NAME = "analytics";

  /** How many order streams' written versions are remembered (about 100 bytes each). */
  static final int REMEMBERED_STREAMS = 100_000;

  /** How many order streams' folds are kept, so that later events fold only the tail (about 1-2 KB each). */
  static final int REMEMBERED_FOLDS = 10_000;

  /**
   * Failures here are mostly the database's (disk full, file closed during shutdown), so retry for
   * about two minutes before parking; a parked event is written again by {@code solstice dlq replay}.
   */
  static final RetryPolicy RETRY = RetryPolicy.defaults().withMaxAttempts(10).withBackoff(Duration.ofMillis(200), Duration.ofSeconds(30));

  /** An event of an order stream, identified by its stream and version. */
  public record Input(StreamName order, long version) {}

  /** What to do about it. */
  public sealed interface Output {
    /** Write the order's facts (as of its stream's current version). */
    record Write(StreamName order, OrderFacts facts) implements Output {}

    /** Nothing to write, and why. */
    record Nothing(StreamName order, String why) implements Output {}
  }

  /**
   * The service over {@code db} (opened for writing). Its streams run up to twice the batch size
   * at once, so that under load batches fill by size rather than wait for the flush interval.
   */
  public static Service<Input, Output> service(Categories categories, AnalyticsDatabase db) {
    if (db.readOnly()) {
      throw new IllegalArgumentException("the analytics service needs " + db.file() + " open for writing (AnalyticsDatabase.open), not read-only");
    }
    WrittenVersions written = new WrittenVersions(REMEMBERED_STREAMS);
    RecentFolds folds = new RecentFolds(REMEMBERED_FOLDS);
    return Service.named(NAME)
        .consume("store:" + Order.CATEGORY)
        .decode(e -> decode(e))
        .handle(in -> handle(categories, written, folds, in))
        .interpret((out, ctx) -> {
          switch (out) {
            case Output.Nothing nothing -> {}
            case Output.Write w -> {
              db.write(w.facts());
              written.record(w.order(), w.facts().version());
            }
          }
        })
        .parallelism(Parallelism.byStream())
        .correlation(in -> List.of(in.order().id()))
        .retry(RETRY)
        .scheduling(Scheduling.defaults().withMaxConcurrentStreams(Math.max(256, 2 * db.settings().maxBatch())))
        .build();
  }

  static Optional<Input> decode(RecordedEvent e) {
    return e.stream().category().equals(Order.CATEGORY) ? Optional.of(new Input(e.stream(), e.version())) : Optional.empty();
  }

  static Output handle(Categories c, WrittenVersions written, RecentFolds folds, Input in) {
    if (written.covers(in.order(), in.version())) {
      return new Output.Nothing(in.order(), "already written at version " + in.version() + " or later");
    }
    OrderFacts.Folding folding = folds.get(in.order());
    // events never change: the fold kept at version v plus the events after v is the whole fold
    while (true) {
      List<RecordedEvent> page = c.store().read(in.order(), folding.version() + 1, 500);
      for (RecordedEvent e : page) {
        folding = folding.plus(e, c.orders().codec().decode(e));
      }
      if (page.size() < 500) {
        break;
      }
    }
    folds.put(in.order(), folding);
    return folding.facts()
        .<Output>map(f -> new Output.Write(in.order(), f))
        .orElseGet(() -> new Output.Nothing(in.order(), "the stream holds no Placed event"));
  }

  /** The folds of the order streams handled last (least recently used forgotten first). A cache: forgetting costs a full read. */
  static final class RecentFolds {
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<StreamName, OrderFacts.Folding> folds;

    RecentFolds(int capacity) {
      this.folds = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<StreamName, OrderFacts.Folding> eldest) {
          return size() > capacity;
        }
      };
    }

    OrderFacts.Folding get(StreamName stream) {
      lock.lock();
      try {
        return folds.getOrDefault(stream, OrderFacts.Folding.EMPTY);
      } finally {
        lock.unlock();
      }
    }

    void put(StreamName stream, OrderFacts.Folding folding) {
      lock.lock();
      try {
        folds.merge(stream, folding, (old, neu) -> neu.version() >= old.version() ? neu : old);
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * The highest version committed per order stream, for the streams seen last (least recently
   * written forgotten first). A cache: forgetting only costs a write that changes nothing.
   */
  static final class WrittenVersions {
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<StreamName, Long> versions;

    WrittenVersions(int capacity) {
      this.versions = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<StreamName, Long> eldest) {
          return size() > capacity;
        }
      };
    }

    boolean covers(StreamName stream, long version) {
      lock.lock();
      try {
        Long v = versions.get(stream);
        return v != null && v >= version;
      } finally {
        lock.unlock();
      }
    }

    void record(StreamName stream, long version) {
      lock.lock();
      try {
        versions.merge(stream, version, Math::max);
      } finally {
        lock.unlock();
      }
    }
  }
}
