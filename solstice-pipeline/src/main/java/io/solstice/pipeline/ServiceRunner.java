package io.solstice.pipeline;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import io.solstice.core.store.CheckpointKey;
import io.solstice.core.store.DeadLetter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one {@link Service}: reads its sources, decodes, schedules per stream, handles, interprets,
 * retries, parks, checkpoints.
 *
 * <h2>Threads (all virtual)</h2>
 *
 * <ul>
 *   <li>One <b>reader</b> per source polls it for the partitions whose read-ahead is not full,
 *       decodes each page (skips complete at once), registers the page with the partition's {@link
 *       CheckpointTracker} and appends each input to its stream's queue. When every partition with
 *       input waiting is full it waits for capacity: that is the backpressure.
 *   <li>One <b>dispatcher</b> takes a slot of the {@link Scheduling#maxConcurrentStreams()}
 *       semaphore, then the next ready stream, serving tenants in turn (a ring of tenants that have
 *       a ready stream; each dispatch takes one stream from the tenant at the head and moves the
 *       tenant to the back), and starts a virtual thread for it with all its pending inputs (up to
 *       {@link Scheduling#maxSpan()}) as one span.
 *   <li>Each <b>span</b> thread handles its inputs in order with retries, then, under the lock,
 *       completes them in their trackers and frees the stream (re-queuing it if more input arrived
 *       meanwhile). While the service runs and another stream is ready, the thread takes that
 *       stream's span (the next in the tenant ring, as the dispatcher would) in the same lock
 *       acquisition and keeps its slot; otherwise it releases its slot and ends. So under load the
 *       slots' threads keep pulling work, and the dispatcher starts a thread only for a free slot.
 *       A stream is never queued while busy, so at most one span per stream runs at a time.
 *   <li>A <b>flusher</b> stores advanced checkpoints every checkpoint interval and on stop; a
 *       <b>replayer</b> picks up dead letters an operator marked {@code REPLAY_REQUESTED} and
 *       queues them on their stream like any other input.
 * </ul>
 *
 * All scheduling state (stream queues, tenant ring, trackers) is guarded by one {@link
 * ReentrantLock}, taken once per page read and once per span, never around user code or I/O.
 */
final class ServiceRunner<I, O> {

  private static final Logger log = LoggerFactory.getLogger(ServiceRunner.class);

  enum State { NEW, RUNNING, STOPPING, STOPPED, FAILED }

  private enum Outcome { DONE, PARKED, ABORTED }

  private final Service<I, O> service;
  private final String name;
  private final List<Source> sources;
  private final HostSettings host;
  private final Scheduling scheduling;
  private final RetryPolicy retry;
  private final ServiceMetrics metrics;
  private final ServiceTracing tracing;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition workAvailable = lock.newCondition();
  private final Condition capacityFreed = lock.newCondition();
  private final Condition spansDone = lock.newCondition();
  private final Map<SourcePartition, PartitionState> partitions = new LinkedHashMap<>();
  private final Map<Object, StreamQueue<I>> streams = new HashMap<>();
  private final Map<String, TenantLane> lanes = new HashMap<>();
  private final ArrayDeque<TenantLane> readyLanes = new ArrayDeque<>();
  private final Set<Long> replaying = new java.util.HashSet<>();
  private final Semaphore slots;
  private final Set<Thread> spanThreads = ConcurrentHashMap.newKeySet();
  private final Set<Thread> backingOff = ConcurrentHashMap.newKeySet();
  private final List<Thread> readers = new ArrayList<>();
  private final List<Source.Reader> openReaders = new ArrayList<>();
  private final AtomicInteger readersPolled = new AtomicInteger();
  private final AtomicLong soloKeys = new AtomicLong();
  private final AtomicLong peakReadAhead = new AtomicLong();
  private final AtomicLong heldPolls = new AtomicLong();
  private int runningSpans;
  private Thread dispatcher;
  private Thread flusher;
  private Thread replayer;
  private volatile State state = State.NEW;
  private volatile Throwable fatal;

  ServiceRunner(Service<I, O> service, List<Source> sources, HostSettings host) {
    this.service = service;
    this.name = service.name();
    this.sources = List.copyOf(sources);
    this.host = host;
    this.scheduling = service.scheduling();
    this.retry = service.retry();
    this.slots = new Semaphore(scheduling.maxConcurrentStreams());
    this.metrics = new ServiceMetrics(name, host.meterRegistry());
    this.tracing = new ServiceTracing(name, host.openTelemetry());
  }

  String name() {
    return name;
  }

  State state() {
    return state;
  }

  /** Live: no internal thread died. */
  boolean live() {
    return fatal == null && state != State.FAILED;
  }

  /** Ready: running, and every source has been polled once. */
  boolean ready() {
    return state == State.RUNNING && readersPolled.get() >= sources.size();
  }

  /** The most events ever read ahead (read, not completed) for one partition. For tests of backpressure. */
  long peakReadAhead() {
    return peakReadAhead.get();
  }

  /** How many polls found every partition with input waiting full (the reader held back). For tests of backpressure. */
  long heldPolls() {
    return heldPolls.get();
  }

  /** The internal threads (reader, dispatcher, flusher, replayer, spans) still alive. For tests of stopping. */
  List<Thread> aliveThreads() {
    List<Thread> all = new ArrayList<>(readers);
    all.add(dispatcher);
    all.add(flusher);
    all.add(replayer);
    all.addAll(spanThreads);
    return all.stream().filter(t -> t != null && t.isAlive()).toList();
  }

  /** The in-memory checkpoint (completed offset) of every partition seen so far. */
  Map<SourcePartition, Long> checkpoints() {
    lock.lock();
    try {
      Map<SourcePartition, Long> result = new LinkedHashMap<>();
      partitions.forEach((p, s) -> result.put(p, s.tracker.checkpoint()));
      return result;
    } finally {
      lock.unlock();
    }
  }

  void start() {
    if (state != State.NEW) {
      throw new IllegalStateException("service " + name + " was already started (state " + state + "); build a new host to run it again");
    }
    state = State.RUNNING;
    dispatcher = Thread.ofVirtual().name(name + "-dispatcher").start(guard(this::dispatchLoop));
    for (Source source : sources) {
      Source.Reader reader = source.open(new Source.Context() {
        @Override
        public String service() {
          return name;
        }

        @Override
        public long checkpoint(SourcePartition partition) {
          return partitionState(partition).tracker.checkpoint();
        }
      });
      openReaders.add(reader);
      readers.add(Thread.ofVirtual().name(name + "-reader-" + source.uri()).start(guard(() -> readLoop(reader))));
    }
    flusher = Thread.ofVirtual().name(name + "-checkpoints").start(guard(this::flushLoop));
    replayer = Thread.ofVirtual().name(name + "-replays").start(guard(this::replayLoop));
    log.info("service {} started on {}", name, service.sources());
  }

  /**
   * Stops: no more reading or dispatching; spans finish the input they are on (inputs waiting in
   * backoff are abandoned, to be redelivered); checkpoints are stored. After {@code timeout} the
   * remaining spans are interrupted.
   */
  void stop(Duration timeout) {
    if (state == State.NEW) {
      state = State.STOPPED;
      return;
    }
    if (state == State.STOPPED) {
      return;
    }
    if (state == State.RUNNING) {
      state = State.STOPPING;
    }
    readers.forEach(Thread::interrupt);
    replayer.interrupt();
    dispatcher.interrupt();
    backingOff.forEach(Thread::interrupt);
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean spansEnded = false;
    lock.lock();
    try {
      workAvailable.signalAll();
      capacityFreed.signalAll();
      while (runningSpans > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          log.warn("service {}: {} spans still running after {}; interrupting them", name, runningSpans, timeout);
          spanThreads.forEach(Thread::interrupt);
          spansDone.await(1, TimeUnit.SECONDS);
          break;
        }
        spansDone.awaitNanos(left);
      }
      spansEnded = runningSpans == 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
    flusher.interrupt();
    joinQuietly(flusher);
    readers.forEach(ServiceRunner::joinQuietly);
    joinQuietly(dispatcher);
    joinQuietly(replayer);
    if (spansEnded) {
      spanThreads.forEach(ServiceRunner::joinQuietly); // each has finished its span and is about to end
    }
    flushCheckpoints();
    openReaders.forEach(r -> {
      try {
        r.close();
      } catch (RuntimeException e) {
        log.warn("service {}: closing a source reader failed", name, e);
      }
    });
    metrics.removeGauges();
    if (state != State.FAILED) {
      state = State.STOPPED;
    }
    log.info("service {} stopped; checkpoints {}", name, checkpoints());
  }

  /** Crash simulation for tests: stops every thread at once, storing no checkpoint. */
  void abort() {
    state = State.STOPPED;
    readers.forEach(Thread::interrupt);
    if (dispatcher != null) {
      dispatcher.interrupt();
      replayer.interrupt();
      flusher.interrupt();
    }
    spanThreads.forEach(Thread::interrupt);
    readers.forEach(ServiceRunner::joinQuietly);
    spanThreads.forEach(ServiceRunner::joinQuietly);
    if (dispatcher != null) {
      joinQuietly(dispatcher);
      joinQuietly(flusher);
      joinQuietly(replayer);
    }
    metrics.removeGauges();
  }

  private static void joinQuietly(Thread t) {
    if (t == null) {
      return;
    }
    try {
      t.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Runnable guard(ThrowingRunnable body) {
    return () -> {
      try {
        body.run();
      } catch (InterruptedException e) {
        // stopping
      } catch (Throwable t) {
        if (state == State.RUNNING) {
          fatal = t;
          state = State.FAILED;
          log.error("service {}: internal thread {} died; the service is no longer live", name, Thread.currentThread().getName(), t);
        } else {
          log.debug("service {}: {} ended while stopping", name, Thread.currentThread().getName(), t);
        }
      }
    };
  }

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  // ---------------------------------------------------------------- reading

  private void readLoop(Source.Reader reader) throws InterruptedException {
    boolean first = true;
    while (state == State.RUNNING) {
      Source.Poll poll;
      try {
        poll = reader.poll(this::wants, host.pollWait());
      } catch (InterruptedException e) {
        throw e;
      } catch (RuntimeException e) {
        if (state != State.RUNNING) {
          return;
        }
        log.warn("service {}: reading a source failed; retrying in 1s: {}", name, e.toString());
        host.sleeper().sleep(Duration.ofSeconds(1));
        continue;
      }
      if (first) {
        readersPolled.incrementAndGet();
        first = false;
      }
      for (Delivery d : poll.deliveries()) {
        ingest(d);
      }
      if (poll.deliveries().isEmpty() && poll.held()) {
        heldPolls.incrementAndGet();
        lock.lock();
        try {
          if (state == State.RUNNING && !anyPartitionWanted()) {
            capacityFreed.await(100, TimeUnit.MILLISECONDS);
          }
        } finally {
          lock.unlock();
        }
      }
    }
  }

  private boolean wants(SourcePartition p) {
    lock.lock();
    try {
      PartitionState s = partitions.get(p);
      return s == null || s.tracker.outstanding() < scheduling.maxReadAhead();
    } finally {
      lock.unlock();
    }
  }

  private boolean anyPartitionWanted() {
    for (PartitionState s : partitions.values()) {
      if (s.tracker.outstanding() < scheduling.maxReadAhead()) {
        return true;
      }
    }
    return partitions.isEmpty();
  }

  private PartitionState partitionState(SourcePartition p) {
    lock.lock();
    try {
      PartitionState s = partitions.get(p);
      if (s != null) {
        return s;
      }
    } finally {
      lock.unlock();
    }
    long start = host.checkpoints().load(new CheckpointKey(name, p.tenant(), p.name()));
    lock.lock();
    try {
      PartitionState s = partitions.get(p);
      if (s == null) {
        s = new PartitionState(p, start, lane(p.tenant()));
        partitions.put(p, s);
        s.lane.partitions.add(s);
      }
      return s;
    } finally {
      lock.unlock();
    }
  }

  private TenantLane lane(String tenant) {
    TenantLane lane = lanes.get(tenant);
    if (lane == null) {
      lane = new TenantLane(tenant, metrics.tenant(tenant));
      lanes.put(tenant, lane);
      TenantLane l = lane;
      metrics.gauge("lag.events", tenant, l, x -> x.outstanding);
      metrics.gauge("lag.seconds", tenant, l, x -> x.oldestMillis < 0 ? 0 : Math.max(0, host.clock().millis() - x.oldestMillis) / 1000.0);
      metrics.gauge("inflight", tenant, l, x -> x.inflight);
      metrics.gauge("stuck", tenant, l, x -> x.stuck.get());
    }
    return lane;
  }

  private void ingest(Delivery delivery) {
    PartitionState ps = partitionState(delivery.partition());
    ServiceMetrics.Tenant meters = ps.lane.meters;
    List<Item<I>> items = new ArrayList<>(delivery.events().size());
    for (RecordedEvent event : delivery.events()) {
      Item<I> item = decode(event, ps, meters);
      if (item != null) {
        items.add(item);
      }
    }
    long firstTimestamp = delivery.events().getFirst().timestamp().toEpochMilli();
    lock.lock();
    try {
      if (state != State.RUNNING) {
        return;
      }
      CheckpointTracker.Page page = ps.tracker.register(delivery.lastOffset(), items.size(), firstTimestamp);
      for (Item<I> item : items) {
        item.page = page;
        enqueue(item);
      }
      ps.lane.outstanding += items.size();
      ps.lane.refreshOldest();
      long outstanding = ps.tracker.outstanding();
      if (outstanding > peakReadAhead.get()) {
        peakReadAhead.set(outstanding);
      }
      if (!items.isEmpty()) {
        workAvailable.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  private Item<I> decode(RecordedEvent event, PartitionState ps, ServiceMetrics.Tenant meters) {
    Span span = tracing.enabled() ? tracing.start("decode", tracing.parent(event), event, 1) : Span.getInvalid();
    long t0 = System.nanoTime();
    try {
      Optional<I> input = service.decoder().decode(event);
      if (input.isEmpty()) {
        meters.skipped.increment();
        return null;
      }
      return new Item<>(event, input.get(), null, ps, null);
    } catch (Exception e) {
      span.recordException(e);
      span.setStatus(StatusCode.ERROR);
      return new Item<>(event, null, e, ps, null);
    } finally {
      meters.decode.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
      span.end();
    }
  }

  /** Adds an item to its stream's queue and makes the stream ready if it is idle. Lock held. */
  private void enqueue(Item<I> item) {
    Object key = keyOf(item);
    StreamQueue<I> q = streams.get(key);
    if (q == null) {
      q = new StreamQueue<>(key, lane(item.event.stream().tenant()));
      streams.put(key, q);
    }
    q.pending.addLast(item);
    if (!q.busy && !q.queued) {
      makeReady(q);
    }
  }

  private void makeReady(StreamQueue<I> q) {
    q.queued = true;
    q.lane.ready.addLast(q);
    if (!q.lane.listed) {
      q.lane.listed = true;
      readyLanes.addLast(q.lane);
    }
  }

  private Object keyOf(Item<I> item) {
    if (item.input == null) {
      return item.event.stream();
    }
    return switch (service.parallelism()) {
      case Parallelism.ByStream<? super I> s -> item.event.stream();
      case Parallelism.ByKey<? super I> k -> new TenantKey(item.event.stream().tenant(), k.key().apply(item.input));
      case Parallelism.Unordered<? super I> u -> new TenantKey(item.event.stream().tenant(), "#" + soloKeys.incrementAndGet());
    };
  }

  private record TenantKey(String tenant, String key) {}

  // ---------------------------------------------------------------- dispatching

  private void dispatchLoop() throws InterruptedException {
    while (state == State.RUNNING) {
      slots.acquire();
      StreamSpan<I> span;
      lock.lock();
      try {
        while (readyLanes.isEmpty() && state == State.RUNNING) {
          workAvailable.await();
        }
        if (state != State.RUNNING) {
          slots.release();
          return;
        }
        span = takeSpan();
      } catch (InterruptedException e) {
        slots.release();
        throw e;
      } finally {
        lock.unlock();
      }
      Thread.ofVirtual().name(name + "-span").start(() -> runSpans(span));
    }
  }

  /** A stream and the pending inputs taken from it to handle in one go. */
  private record StreamSpan<I>(StreamQueue<I> q, List<Item<I>> items) {}

  /**
   * Takes the next ready stream, serving tenants in turn, with its pending inputs (up to maxSpan);
   * marks it busy. Lock held; {@code readyLanes} not empty.
   */
  private StreamSpan<I> takeSpan() {
    TenantLane lane = readyLanes.pollFirst();
    @SuppressWarnings("unchecked")
    StreamQueue<I> q = (StreamQueue<I>) lane.ready.pollFirst();
    q.queued = false;
    if (lane.ready.isEmpty()) {
      lane.listed = false;
    } else {
      readyLanes.addLast(lane);
    }
    int n = Math.min(q.pending.size(), scheduling.maxSpan());
    List<Item<I>> items = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      items.add(q.pending.pollFirst());
    }
    q.busy = true;
    lane.inflight += n;
    runningSpans++;
    return new StreamSpan<>(q, items);
  }

  /**
   * Runs spans on one slot: the span it was started with, then, while the service runs, the next
   * ready stream's span (taken under the same lock acquisition that completes the previous one), so
   * a busy service does not start a thread and pass the semaphore per span.
   */
  private void runSpans(StreamSpan<I> first) {
    Thread self = Thread.currentThread();
    spanThreads.add(self);
    try {
      MDC.put("service", name);
      StreamSpan<I> span = first;
      while (span != null) {
        int done = handle(span);
        span = finishSpan(span.q(), span.items(), done);
        if (span != null) {
          // Let the reader and the dispatcher run: span threads that never block would keep the
          // carriers (and barge for the lock) while the reader waits to queue other tenants' input.
          Thread.yield();
        }
      }
    } finally {
      MDC.remove("service");
      MDC.remove("tenant");
      MDC.remove("stream");
      spanThreads.remove(self);
      slots.release();
    }
  }

  /** Handles a span's inputs in order; returns how many were completed (handled or parked). */
  private int handle(StreamSpan<I> span) {
    StreamQueue<I> q = span.q();
    List<Item<I>> items = span.items();
    int done = 0;
    try {
      if (!q.lane.tenant.equals(MDC.get("tenant"))) {
        MDC.put("tenant", q.lane.tenant); // set only on change: spans are often one input long
      }
      StreamName mdcStream = null;
      for (Item<I> item : items) {
        if (state != State.RUNNING && state != State.STOPPING) {
          break;
        }
        if (state == State.STOPPING && done > 0) {
          break; // finish the input in hand, leave the rest for redelivery
        }
        StreamName stream = item.event.stream();
        if (!stream.equals(mdcStream)) {
          MDC.put("stream", stream.canonical());
          mdcStream = stream;
        }
        if (process(item, q) == Outcome.ABORTED) {
          break;
        }
        done++;
      }
    } catch (Throwable t) {
      fatal = t;
      state = State.FAILED;
      log.error("service {}: handling {} died with an error; the service is no longer live", name, items.get(done).event, t);
    }
    return done;
  }

  /**
   * Completes a span's handled inputs in their trackers and frees its stream; returns the next span
   * for this thread while the service runs and a stream is ready, else null.
   */
  private StreamSpan<I> finishSpan(StreamQueue<I> q, List<Item<I>> span, int done) {
    lock.lock();
    try {
      CheckpointTracker.Page page = null;
      PartitionState pagePartition = null;
      int count = 0;
      for (int i = 0; i < done; i++) {
        Item<I> item = span.get(i);
        if (item.replayOf != null) {
          replaying.remove(item.replayOf.id());
          continue;
        }
        if (item.page != page) {
          if (page != null) {
            pagePartition.tracker.complete(page, count);
          }
          page = item.page;
          pagePartition = item.partition;
          count = 0;
        }
        count++;
        q.lane.outstanding--;
      }
      if (page != null) {
        pagePartition.tracker.complete(page, count);
      }
      for (int i = done; i < span.size(); i++) {
        if (span.get(i).replayOf != null) {
          replaying.remove(span.get(i).replayOf.id());
        }
      }
      q.lane.refreshOldest();
      q.lane.inflight -= span.size();
      q.busy = false;
      runningSpans--;
      if (state == State.RUNNING && done < span.size()) {
        // not expected while running; keep the inputs in order rather than lose them
        for (int i = span.size() - 1; i >= done; i--) {
          q.pending.addFirst(span.get(i));
        }
      }
      if (q.pending.isEmpty()) {
        streams.remove(q.key);
      } else if (state == State.RUNNING) {
        makeReady(q);
        workAvailable.signal();
      }
      capacityFreed.signalAll();
      if (state == State.RUNNING && !readyLanes.isEmpty() && !lock.hasQueuedThreads()) {
        return takeSpan();
      }
      if (runningSpans == 0) {
        spansDone.signalAll();
      }
      return null;
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- handling

  private Outcome process(Item<I> item, StreamQueue<I> q) {
    RecordedEvent event = item.event;
    ServiceMetrics.Tenant meters = q.lane.meters;
    Collection<String> correlation = item.input == null ? List.of() : service.correlationIds(item.input, event);
    if (!correlation.isEmpty()) {
      MDC.put("correlationId", String.join(",", correlation));
    }
    Context parent = tracing.enabled() ? tracing.parent(event) : Context.root();
    Instant failingSince = null;
    boolean stuck = false;
    try {
      for (int attempt = 1; ; attempt++) {
        Exception error;
        try {
          attemptOnce(item, parent, attempt, meters);
          meters.handled.increment();
          if (item.replayOf != null) {
            host.deadLetters().updateStatus(item.replayOf.id(), DeadLetter.Status.RESOLVED);
            log.info("service {}: replayed dead letter {} of {} handled; resolved", name, item.replayOf.id(), event);
          }
          if (stuck) {
            log.info("service {}: stream {} recovered after {} attempts", name, event.stream(), attempt);
          }
          return Outcome.DONE;
        } catch (InterruptedException e) {
          return Outcome.ABORTED;
        } catch (Exception e) {
          error = e;
        }
        meters.failed.increment();
        Instant now = host.clock().instant();
        if (failingSince == null) {
          failingSince = now;
          log.warn("service {}: handling {} failed (attempt {} of {}): {}", name, event, attempt, retry.maxAttempts(), error.toString());
        } else {
          log.debug("service {}: handling {} failed again (attempt {})", name, event, attempt, error);
        }
        if (!stuck && Duration.between(failingSince, now).compareTo(retry.stuckAfter()) >= 0) {
          stuck = true;
          q.lane.stuck.incrementAndGet();
          log.warn("service {}: stream {} is stuck: failing for {} since {} ({} attempts); last error: {}", name, event.stream(),
              Duration.between(failingSince, now), failingSince, attempt, error.toString());
        }
        boolean permanent = PermanentFailureException.isPermanent(error);
        boolean exhausted = permanent || attempt >= retry.maxAttempts();
        if (exhausted && (permanent || retry.whenExhausted() == RetryPolicy.Exhausted.PARK || item.replayOf != null)) {
          try {
            long id = park(item, attempt, error);
            meters.parked.increment();
            log.warn("service {}: parked {} as dead letter {} after {} attempts; the stream goes on. "
                + "Inspect with 'solstice dlq list', replay with 'solstice dlq replay {}'", name, event, id, attempt, id, error);
            return Outcome.PARKED;
          } catch (RuntimeException parkFailure) {
            log.error("service {}: could not park {} ({}); retrying it", name, event, parkFailure.toString());
          }
        }
        Duration wait = exhausted ? retry.maxBackoff() : retry.backoff(attempt, host.random().getAsDouble());
        Thread self = Thread.currentThread();
        backingOff.add(self);
        try {
          if (state != State.RUNNING) {
            return Outcome.ABORTED;
          }
          host.sleeper().sleep(wait);
        } catch (InterruptedException e) {
          return Outcome.ABORTED;
        } finally {
          backingOff.remove(self);
        }
      }
    } finally {
      if (stuck) {
        q.lane.stuck.decrementAndGet();
      }
      if (!correlation.isEmpty()) {
        MDC.remove("correlationId");
      }
    }
  }

  private void attemptOnce(Item<I> item, Context parent, int attempt, ServiceMetrics.Tenant meters) throws Exception {
    if (item.decodeError != null) {
      throw item.decodeError;
    }
    RecordedEvent event = item.event;
    Span handleSpan = tracing.start("handle", parent, event, attempt);
    long t0 = System.nanoTime();
    O output;
    try {
      output = service.handler().handle(item.input);
    } catch (Exception e) {
      handleSpan.recordException(e);
      handleSpan.setStatus(StatusCode.ERROR);
      throw e;
    } finally {
      meters.handle.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
      handleSpan.end();
    }
    Span interpretSpan = tracing.start("interpret", parent, event, attempt);
    long t1 = System.nanoTime();
    try {
      String traceparent = tracing.enabled() ? tracing.traceparent(interpretSpan, event) : event.metadata().traceparent();
      service.interpreter().interpret(output, new EffectContext(name, event, attempt, traceparent, item.replayOf != null));
    } catch (Exception e) {
      interpretSpan.recordException(e);
      interpretSpan.setStatus(StatusCode.ERROR);
      throw e;
    } finally {
      meters.interpret.record(System.nanoTime() - t1, TimeUnit.NANOSECONDS);
      interpretSpan.end();
    }
  }

  private long park(Item<I> item, int attempts, Exception error) {
    RecordedEvent e = item.event;
    String message = error.getClass().getName() + ": " + error.getMessage();
    DeadLetter letter = new DeadLetter(0, name, e.stream(), e.version(), e.position(), e.eventId(), e.type(), attempts, message,
        host.clock().instant(), DeadLetter.Status.PARKED);
    return host.deadLetters().park(letter);
  }

  // ---------------------------------------------------------------- checkpoints and replays

  private void flushLoop() throws InterruptedException {
    while (state == State.RUNNING) {
      Thread.sleep(host.checkpointInterval());
      flushCheckpoints();
    }
  }

  /** Stores every checkpoint that moved since it was last stored. */
  void flushCheckpoints() {
    Map<CheckpointKey, Long> changed = new LinkedHashMap<>();
    Map<PartitionState, Long> marks = new HashMap<>();
    lock.lock();
    try {
      for (PartitionState s : partitions.values()) {
        long cp = s.tracker.checkpoint();
        if (cp > s.saved) {
          changed.put(new CheckpointKey(name, s.partition.tenant(), s.partition.name()), cp);
          marks.put(s, cp);
        }
      }
    } finally {
      lock.unlock();
    }
    if (changed.isEmpty()) {
      return;
    }
    try {
      host.checkpoints().saveAll(changed);
    } catch (RuntimeException e) {
      log.warn("service {}: storing checkpoints {} failed; will retry: {}", name, changed, e.toString());
      return;
    }
    lock.lock();
    try {
      marks.forEach((s, cp) -> s.saved = Math.max(s.saved, cp));
    } finally {
      lock.unlock();
    }
    for (Source.Reader r : openReaders) {
      marks.forEach((s, cp) -> r.committed(s.partition, cp));
    }
  }

  private void replayLoop() throws InterruptedException {
    while (state == State.RUNNING) {
      try {
        pollReplays();
      } catch (RuntimeException e) {
        log.warn("service {}: looking for requested replays failed; will retry: {}", name, e.toString());
      }
      Thread.sleep(host.replayPollInterval());
    }
  }

  /** Queues every dead letter of this service an operator asked to replay. */
  void pollReplays() {
    for (DeadLetter letter : host.deadLetters().list(name, DeadLetter.Status.REPLAY_REQUESTED, 1_000)) {
      lock.lock();
      try {
        if (!replaying.add(letter.id())) {
          continue;
        }
      } finally {
        lock.unlock();
      }
      List<RecordedEvent> found = host.store().read(letter.stream(), letter.version(), 1);
      if (found.isEmpty() || !found.getFirst().eventId().equals(letter.eventId())) {
        log.warn("service {}: dead letter {} names {} version {} (event {}), which the store does not hold; leaving it parked",
            name, letter.id(), letter.stream(), letter.version(), letter.eventId());
        host.deadLetters().updateStatus(letter.id(), DeadLetter.Status.PARKED);
        forgetReplay(letter.id());
        continue;
      }
      RecordedEvent event = found.getFirst();
      ServiceMetrics.Tenant meters = metrics.tenant(event.stream().tenant());
      Item<I> item = decode(event, null, meters);
      if (item == null) {
        log.info("service {}: dead letter {} ({}) is no longer this service's input (decoder skips it); resolved", name, letter.id(), event);
        host.deadLetters().updateStatus(letter.id(), DeadLetter.Status.RESOLVED);
        forgetReplay(letter.id());
        continue;
      }
      item.replayOf = letter;
      lock.lock();
      try {
        if (state != State.RUNNING) {
          replaying.remove(letter.id());
          return;
        }
        enqueue(item);
        workAvailable.signal();
      } finally {
        lock.unlock();
      }
      log.info("service {}: replaying dead letter {} ({})", name, letter.id(), event);
    }
  }

  private void forgetReplay(long id) {
    lock.lock();
    try {
      replaying.remove(id);
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- state

  /** One input on its way through the service. */
  private static final class Item<I> {
    final RecordedEvent event;
    final I input;
    final Exception decodeError;
    final PartitionState partition;
    CheckpointTracker.Page page;
    DeadLetter replayOf;

    Item(RecordedEvent event, I input, Exception decodeError, PartitionState partition, DeadLetter replayOf) {
      this.event = event;
      this.input = input;
      this.decodeError = decodeError;
      this.partition = partition;
      this.replayOf = replayOf;
    }
  }

  /** The pending inputs of one stream (or key); busy while a span of it runs. */
  private static final class StreamQueue<I> {
    final Object key;
    final TenantLane lane;
    final ArrayDeque<Item<I>> pending = new ArrayDeque<>();
    boolean busy;
    boolean queued;

    StreamQueue(Object key, TenantLane lane) {
      this.key = key;
      this.lane = lane;
    }
  }

  /** One tenant's streams that are ready to run, and its gauges' figures. */
  private static final class TenantLane {
    final String tenant;
    final ServiceMetrics.Tenant meters;
    final ArrayDeque<StreamQueue<?>> ready = new ArrayDeque<>();
    final List<PartitionState> partitions = new ArrayList<>();
    final AtomicInteger stuck = new AtomicInteger();
    boolean listed;
    volatile long outstanding;
    volatile int inflight;
    volatile long oldestMillis = -1;

    TenantLane(String tenant, ServiceMetrics.Tenant meters) {
      this.tenant = tenant;
      this.meters = meters;
    }

    void refreshOldest() {
      long oldest = -1;
      for (PartitionState p : partitions) {
        long o = p.tracker.oldestPendingMillis();
        if (o >= 0 && (oldest < 0 || o < oldest)) {
          oldest = o;
        }
      }
      oldestMillis = oldest;
    }
  }

  /** One partition's tracker and last stored checkpoint. */
  private static final class PartitionState {
    final SourcePartition partition;
    final CheckpointTracker tracker;
    final TenantLane lane;
    long saved;

    PartitionState(SourcePartition partition, long start, TenantLane lane) {
      this.partition = partition;
      this.tracker = new CheckpointTracker(start);
      this.lane = lane;
      this.saved = start;
    }
  }
}
