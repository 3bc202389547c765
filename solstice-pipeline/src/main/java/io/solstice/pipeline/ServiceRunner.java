package io.solstice.pipeline;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import io.solstice.core.store.CheckpointKey;
import io.solstice.core.store.EventStore;
import io.solstice.core.store.Lease;
import io.solstice.core.store.LeaseLostException;
import java.time.Duration;
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
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one {@link Service}: reads its sources, decodes, schedules per stream, handles and
 * interprets, and stores checkpoints. The parts, each explained where it lives:
 *
 * <ul>
 *   <li>{@link StreamScheduler}: which inputs wait on which stream, fairness between tenants,
 *       read-ahead, checkpoint trackers (single-threaded, under this runner's one lock);
 *   <li>{@link InputAttempts}: one attempt of an input and what a failure leads to (retry, park, halt);
 *   <li>{@link CheckpointFlusher}: storing checkpoints; {@link ReplayPoller}: dead letters to replay.
 * </ul>
 *
 * <h2>Threads (all virtual)</h2>
 *
 * <ul>
 *   <li>One <b>reader</b> per source polls it with the scheduler's read-ahead room, decodes each
 *       delivery outside the lock (skips complete at once), then, under the lock, registers the
 *       delivery as a page and queues its inputs. When a partition's read-ahead is full and nothing
 *       else came, it waits briefly for capacity: that is the backpressure.
 *   <li>One <b>dispatcher</b> takes a slot of the {@link Scheduling#maxConcurrentStreams()}
 *       semaphore, then the next ready stream's span, and starts a <b>span</b> thread with it.
 *   <li>A span thread handles its inputs in order. When they are done it finishes the span under
 *       the lock and, while the service runs and another stream is ready, takes that span in the
 *       same lock acquisition and keeps its slot, so a busy service does not start a thread per
 *       span. When an input fails and must wait for a retry, the span ends there: the stream
 *       <em>sleeps</em> with that input at its head, the slot is released, and a small <b>waker</b>
 *       thread waits out the backoff with the host's {@link Sleeper} and makes the stream ready
 *       again. A retrying or halted stream therefore never holds a slot others need.
 *   <li>A <b>flusher</b> and a <b>replayer</b> run their loops with the host's {@link Sleeper}.
 * </ul>
 *
 * The lock is taken once per delivery and once per span, never around user code or I/O.
 */
final class ServiceRunner<I, O> {

  private static final Logger log = LoggerFactory.getLogger(ServiceRunner.class);
  private static final long HELD_WAIT_MILLIS = 20;

  enum State { NEW, RUNNING, STOPPING, STOPPED, FAILED }

  private final Service<I, O> service;
  private final String name;
  private final List<Source> sources;
  private final HostSettings host;
  private final Function<EventStore, StoreFeed> feeds;
  private final ServiceMetrics metrics;
  private final ServiceTracing tracing;
  private final InputAttempts<I, O> attempts;
  private final StreamScheduler<I> scheduler;
  private final CheckpointFlusher flusher;
  private final ReplayPoller<I> replays;
  private final Lease lease;
  private final Runnable fencedOut;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition workAvailable = lock.newCondition();
  private final Condition capacityFreed = lock.newCondition();
  private final Condition spansDone = lock.newCondition();
  private final Semaphore slots;
  private final Map<String, TenantFigures> tenants = new ConcurrentHashMap<>();
  private final Set<Thread> spanThreads = ConcurrentHashMap.newKeySet();
  private final Set<Thread> wakers = ConcurrentHashMap.newKeySet();
  private final List<Thread> readerThreads = new ArrayList<>();
  private final List<Source.Reader> readers = new ArrayList<>();
  private final AtomicInteger readersPolled = new AtomicInteger();
  private final AtomicLong soloKeys = new AtomicLong();
  private final AtomicLong heldPolls = new AtomicLong();
  private int busySpans;
  private Thread dispatcher;
  private Thread flusherThread;
  private Thread replayer;
  private volatile State state = State.NEW;
  private volatile Throwable fatal;

  /**
   * A runner for one lease term: {@code lease} fences its checkpoint writes (null when unleased), and
   * {@code fencedOut} is called when such a write was refused because another instance took over.
   */
  ServiceRunner(Service<I, O> service, List<Source> sources, HostSettings host, Function<EventStore, StoreFeed> feeds, Lease lease,
      Runnable fencedOut) {
    this.service = service;
    this.lease = lease;
    this.fencedOut = fencedOut;
    this.name = service.name();
    this.sources = List.copyOf(sources);
    this.host = host;
    this.feeds = feeds;
    this.slots = new Semaphore(service.scheduling().maxConcurrentStreams());
    this.metrics = new ServiceMetrics(name, host.meterRegistry());
    this.tracing = new ServiceTracing(name, host.openTelemetry());
    this.attempts = new InputAttempts<>(service, host, tracing);
    this.scheduler = new StreamScheduler<>(service.scheduling(), this::keyOf);
    this.flusher = new CheckpointFlusher(name, new Checkpoints(), host.sleeper(), host.checkpointInterval());
    this.replays = new ReplayPoller<>(name, host, event -> decode(event, null), this::enqueueReplay);
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
    lock.lock();
    try {
      return scheduler.peakReadAhead();
    } finally {
      lock.unlock();
    }
  }

  /** How many polls found a partition's read-ahead full and nothing else to read. For tests of backpressure. */
  long heldPolls() {
    return heldPolls.get();
  }

  /** The internal threads (readers, dispatcher, flusher, replayer, spans, wakers) still alive. For tests of stopping. */
  List<Thread> aliveThreads() {
    List<Thread> all = new ArrayList<>(readerThreads);
    all.add(dispatcher);
    all.add(flusherThread);
    all.add(replayer);
    all.addAll(spanThreads);
    all.addAll(wakers);
    return all.stream().filter(t -> t != null && t.isAlive()).toList();
  }

  /** The in-memory checkpoint (completed offset) of every partition seen so far. */
  Map<SourcePartition, Long> checkpoints() {
    lock.lock();
    try {
      return scheduler.checkpoints();
    } finally {
      lock.unlock();
    }
  }

  /** Stores every checkpoint that moved since it was last stored. */
  void flushCheckpoints() {
    flusher.flush();
  }

  // ---------------------------------------------------------------- lifecycle

  void start() {
    if (state != State.NEW) {
      throw new IllegalStateException("service " + name + " was already started (state " + state + "); build a new host to run it again");
    }
    state = State.RUNNING;
    dispatcher = Thread.ofVirtual().name(name + "-dispatcher").start(guard(this::dispatchLoop));
    for (Source source : sources) {
      Source.Reader reader = open(source);
      readers.add(reader);
      readerThreads.add(Thread.ofVirtual().name(name + "-reader-" + source.uri()).start(guard(() -> readLoop(source, reader))));
    }
    flusherThread = Thread.ofVirtual().name(name + "-checkpoints").start(guard(() -> flusher.loop(() -> state == State.RUNNING)));
    replayer = Thread.ofVirtual().name(name + "-replays").start(guard(() -> replays.loop(() -> state == State.RUNNING)));
    log.info("service {} started on {}", name, service.sources());
  }

  private Source.Reader open(Source source) {
    Source.Context context = new SourceContext(source);
    if (source instanceof StoreSource store) {
      return store.open(context, feeds);
    }
    return source.open(context);
  }

  /** Stops and stores checkpoints: see {@link #stop(Duration, boolean)}. */
  void stop(Duration timeout) {
    stop(timeout, true);
  }

  /**
   * Stops: no more reading or dispatching; spans finish the input they are on (inputs waiting for a
   * retry are abandoned, to be redelivered); checkpoints are stored if {@code storeCheckpoints}
   * (not after the lease was lost: another instance owns them now). After {@code timeout} the
   * remaining spans are interrupted.
   */
  void stop(Duration timeout, boolean storeCheckpoints) {
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
    readerThreads.forEach(Thread::interrupt);
    replayer.interrupt();
    dispatcher.interrupt();
    wakers.forEach(Thread::interrupt);
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean spansEnded = false;
    lock.lock();
    try {
      workAvailable.signalAll();
      capacityFreed.signalAll();
      while (busySpans > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          log.warn("service {}: {} spans still running after {}; interrupting them", name, busySpans, timeout);
          spanThreads.forEach(Thread::interrupt);
          spansDone.await(1, TimeUnit.SECONDS);
          break;
        }
        spansDone.awaitNanos(left);
      }
      spansEnded = busySpans == 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
    flusherThread.interrupt();
    joinQuietly(flusherThread);
    readerThreads.forEach(ServiceRunner::joinQuietly);
    joinQuietly(dispatcher);
    joinQuietly(replayer);
    wakers.forEach(ServiceRunner::joinQuietly);
    if (spansEnded) {
      spanThreads.forEach(ServiceRunner::joinQuietly); // each has finished its span and is about to end
    }
    if (storeCheckpoints) {
      flusher.flush();
    }
    readers.forEach(r -> {
      try {
        r.close();
      } catch (RuntimeException e) {
        log.warn("service {}: closing a source reader failed: {}", name, e.toString());
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
    List<Thread> all = aliveThreads();
    all.forEach(Thread::interrupt);
    all.forEach(ServiceRunner::joinQuietly);
    readers.forEach(Source.Reader::close);
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
          die(t, "internal thread " + Thread.currentThread().getName() + " died");
        } else {
          log.debug("service {}: {} ended while stopping", name, Thread.currentThread().getName(), t);
        }
      }
    };
  }

  private void die(Throwable t, String what) {
    fatal = t;
    state = State.FAILED;
    log.error("service {}: {}; the service is no longer live", name, what, t);
  }

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  // ---------------------------------------------------------------- reading

  private void readLoop(Source source, Source.Reader reader) throws InterruptedException {
    boolean first = true;
    while (state == State.RUNNING) {
      Source.Poll poll;
      try {
        poll = reader.poll(this::room, host.pollWait());
      } catch (InterruptedException e) {
        throw e;
      } catch (RuntimeException e) {
        if (state != State.RUNNING) {
          return;
        }
        log.warn("service {}: reading {} failed; retrying in 1s: {}", name, source.uri(), e.toString());
        host.sleeper().sleep(Duration.ofSeconds(1));
        continue;
      }
      if (first) {
        readersPolled.incrementAndGet();
        first = false;
      }
      for (Delivery d : poll.deliveries()) {
        ingest(reader, source, d);
      }
      if (poll.deliveries().isEmpty() && poll.held()) {
        heldPolls.incrementAndGet();
        lock.lock();
        try {
          if (state == State.RUNNING) {
            capacityFreed.await(HELD_WAIT_MILLIS, TimeUnit.MILLISECONDS);
          }
        } finally {
          lock.unlock();
        }
      }
    }
  }

  private int room(SourcePartition partition) {
    lock.lock();
    try {
      return scheduler.room(partition);
    } finally {
      lock.unlock();
    }
  }

  private void ingest(Source.Reader reader, Source source, Delivery delivery) {
    List<RecordedEvent> events = delivery.events();
    StreamScheduler.PartitionState ps = partitionState(delivery.partition(), reader, source);
    List<Item<I>> items = new ArrayList<>(events.size());
    for (RecordedEvent event : events) {
      Item<I> item = decode(event, ps);
      if (item != null) {
        items.add(item);
      }
    }
    lock.lock();
    try {
      if (state != State.RUNNING || ps.removed) {
        return;
      }
      scheduler.ingest(ps, items, delivery.lastOffset(), events.isEmpty() ? host.clock().millis() : events.getFirst().timestamp().toEpochMilli());
      for (Item<I> item : items) {
        figures(item.event.stream().tenant());
      }
      if (!items.isEmpty()) {
        workAvailable.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  private StreamScheduler.PartitionState partitionState(SourcePartition partition, Source.Reader reader, Source source) {
    lock.lock();
    try {
      StreamScheduler.PartitionState s = scheduler.existing(partition);
      if (s != null) {
        return s;
      }
    } finally {
      lock.unlock();
    }
    long start = source.ownsCheckpoints() ? Long.MIN_VALUE : loadCheckpoint(partition);
    lock.lock();
    try {
      return scheduler.partition(partition, start, reader);
    } finally {
      lock.unlock();
    }
  }

  private long loadCheckpoint(SourcePartition partition) {
    return host.checkpoints().load(new CheckpointKey(name, partition.tenantTag(), partition.name()));
  }

  /** Decodes an event into an item (or null when the decoder skips it; a decoding error becomes a failing item). */
  private Item<I> decode(RecordedEvent event, StreamScheduler.PartitionState ps) {
    ServiceMetrics.Tenant meters = figures(event.stream().tenant()).meters;
    Span span = tracing.enabled() ? tracing.start("decode", tracing.parent(event), event, 1) : Span.getInvalid();
    long t0 = System.nanoTime();
    try {
      Optional<I> input = service.decoder().decode(event);
      if (input.isEmpty()) {
        meters.skipped.increment();
        return null;
      }
      return Item.of(event, input.get(), ps);
    } catch (Exception e) {
      span.recordException(e);
      span.setStatus(StatusCode.ERROR);
      return Item.undecodable(event, e, ps);
    } finally {
      meters.decode.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
      span.end();
    }
  }

  private boolean enqueueReplay(Item<I> item) {
    lock.lock();
    try {
      if (state != State.RUNNING) {
        return false;
      }
      scheduler.enqueue(item);
      workAvailable.signal();
      return true;
    } finally {
      lock.unlock();
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

  // ---------------------------------------------------------------- dispatching and handling

  private void dispatchLoop() throws InterruptedException {
    while (state == State.RUNNING) {
      slots.acquire();
      StreamScheduler.Span<I> span;
      lock.lock();
      try {
        while (!scheduler.hasReady() && state == State.RUNNING) {
          workAvailable.await();
        }
        if (state != State.RUNNING) {
          slots.release();
          return;
        }
        span = scheduler.take();
        busySpans++;
      } catch (InterruptedException e) {
        slots.release();
        throw e;
      } finally {
        lock.unlock();
      }
      Thread.ofVirtual().name(name + "-span").start(() -> runSpans(span));
    }
  }

  /** Runs spans on one slot: the one it was started with, then, while the service runs, the next ready one. */
  private void runSpans(StreamScheduler.Span<I> first) {
    Thread self = Thread.currentThread();
    spanThreads.add(self);
    try {
      MDC.put("service", name);
      StreamScheduler.Span<I> span = first;
      while (span != null) {
        Handled handled = handle(span);
        span = finishSpan(span, handled);
        if (span != null) {
          // Let the readers and the dispatcher run: span threads that never block would keep the carriers.
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

  /** How a span's handling ended: how many inputs completed, and the retry the next one waits for (if any). */
  private record Handled(int done, Duration retryAfter) {}

  private Handled handle(StreamScheduler.Span<I> span) {
    List<Item<I>> items = span.items();
    int done = 0;
    try {
      String tenant = span.key().lane.tenant;
      if (!tenant.equals(MDC.get("tenant"))) {
        MDC.put("tenant", tenant); // set only on change: spans are often one input long
      }
      TenantFigures figures = figures(tenant);
      StreamName mdcStream = null;
      for (Item<I> item : items) {
        if (state != State.RUNNING && (state != State.STOPPING || done > 0)) {
          break; // stopping: finish at most the input in hand, leave the rest for redelivery
        }
        StreamName stream = item.event.stream();
        if (!stream.equals(mdcStream)) {
          MDC.put("stream", stream.canonical());
          mdcStream = stream;
        }
        switch (attempts.attempt(item, figures.meters, figures.stuck)) {
          case InputAttempts.Result.Done d -> done++;
          case InputAttempts.Result.Parked p -> done++;
          case InputAttempts.Result.RetryAfter r -> {
            return new Handled(done, r.delay());
          }
          case InputAttempts.Result.Aborted a -> {
            return new Handled(done, null);
          }
        }
      }
    } catch (Throwable t) {
      die(t, "handling " + items.get(done).event + " died with an error");
    }
    return new Handled(done, null);
  }

  /**
   * Ends a span (or puts its stream to sleep until its retry) under the lock; returns the next span
   * for this thread while the service runs and a stream is ready, else null.
   */
  private StreamScheduler.Span<I> finishSpan(StreamScheduler.Span<I> span, Handled handled) {
    List<Item<I>> items = span.items();
    for (int i = 0; i < handled.done(); i++) {
      if (items.get(i).replayOf != null) {
        replays.forget(items.get(i).replayOf.id());
      }
    }
    boolean running = state == State.RUNNING;
    if (!running) {
      for (int i = handled.done(); i < items.size(); i++) {
        if (items.get(i).replayOf != null) {
          replays.forget(items.get(i).replayOf.id());
        }
      }
    }
    List<StreamScheduler.PartitionState> moved;
    long[] offsets;
    StreamScheduler.Span<I> next = null;
    lock.lock();
    try {
      busySpans--;
      if (handled.retryAfter() != null && running) {
        moved = scheduler.sleep(span, handled.done());
        wakeLater(span.key(), handled.retryAfter());
      } else {
        moved = scheduler.finish(span, handled.done(), !running);
      }
      offsets = new long[moved.size()];
      for (int i = 0; i < offsets.length; i++) {
        offsets[i] = moved.get(i).tracker.checkpoint();
      }
      if (scheduler.hasReady()) {
        workAvailable.signal();
      }
      capacityFreed.signalAll();
      spansDone.signalAll();
      if (state == State.RUNNING && scheduler.hasReady() && !lock.hasQueuedThreads()) {
        busySpans++;
        next = scheduler.take();
      }
    } finally {
      lock.unlock();
    }
    for (int i = 0; i < offsets.length; i++) {
      try {
        service.progress().advanced(moved.get(i).partition, offsets[i]);
      } catch (RuntimeException e) {
        log.warn("service {}: its progress listener failed for {}: {}", name, moved.get(i).partition, e.toString());
      }
    }
    return next;
  }

  /** Makes a sleeping stream ready again after {@code wait}, on a thread that holds no slot. */
  private void wakeLater(StreamScheduler.Key<I> key, Duration wait) {
    Thread waker = Thread.ofVirtual().name(name + "-retry").unstarted(() -> {
      try {
        host.sleeper().sleep(wait);
        lock.lock();
        try {
          if (state == State.RUNNING) {
            scheduler.wake(key);
            workAvailable.signal();
          }
        } finally {
          lock.unlock();
        }
      } catch (InterruptedException e) {
        // stopping: the input stays unfinished and is redelivered after a restart
      } finally {
        wakers.remove(Thread.currentThread());
      }
    });
    wakers.add(waker);
    waker.start();
  }

  // ---------------------------------------------------------------- figures

  /** One tenant's meters and the count of its streams reported stuck; registers its gauges on first use. */
  private record TenantFigures(ServiceMetrics.Tenant meters, AtomicInteger stuck) {}

  private TenantFigures figures(String tenant) {
    TenantFigures f = tenants.get(tenant);
    if (f != null) {
      return f;
    }
    return tenants.computeIfAbsent(tenant, t -> {
      TenantFigures created = new TenantFigures(metrics.tenant(t), new AtomicInteger());
      metrics.gauge("lag.events", t, this, r -> r.lane(t, true));
      metrics.gauge("lag.seconds", t, this, r -> r.oldestPendingAgeSeconds(t));
      metrics.gauge("inflight", t, this, r -> r.lane(t, false));
      metrics.gauge("stuck", t, created.stuck(), AtomicInteger::get);
      return created;
    });
  }

  private double lane(String tenant, boolean outstanding) {
    lock.lock();
    try {
      StreamScheduler.Lane lane = scheduler.laneOf(tenant);
      return outstanding ? lane.pending + lane.inflight : lane.inflight;
    } finally {
      lock.unlock();
    }
  }

  private double oldestPendingAgeSeconds(String tenant) {
    lock.lock();
    try {
      long oldest = -1;
      for (StreamScheduler.PartitionState s : scheduler.partitions()) {
        if (s.partition.tenant() != null && !s.partition.tenant().equals(tenant)) {
          continue;
        }
        long o = s.tracker.oldestPendingMillis();
        if (o >= 0 && (oldest < 0 || o < oldest)) {
          oldest = o;
        }
      }
      return oldest < 0 ? 0 : Math.max(0, host.clock().millis() - oldest) / 1000.0;
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- checkpoints

  /** Stores checkpoints: in the host's checkpoint store, or through the reader of a source that owns them. */
  private final class Checkpoints implements CheckpointFlusher.Writer {
    @Override
    public Map<StreamScheduler.PartitionState, Long> unsaved() {
      lock.lock();
      try {
        return scheduler.unsaved();
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void store(Map<StreamScheduler.PartitionState, Long> checkpoints) {
      Map<CheckpointKey, Long> inStore = new LinkedHashMap<>();
      Map<Object, Map<SourcePartition, Long>> bySource = new HashMap<>();
      checkpoints.forEach((s, cp) -> {
        if (s.source instanceof Source.Reader reader && owns(reader)) {
          bySource.computeIfAbsent(reader, r -> new LinkedHashMap<>()).put(s.partition, cp);
        } else {
          inStore.put(new CheckpointKey(name, s.partition.tenantTag(), s.partition.name()), cp);
        }
      });
      if (!inStore.isEmpty()) {
        if (lease == null) {
          host.checkpoints().saveAll(inStore);
        } else {
          try {
            host.checkpoints().saveAll(inStore, lease);
          } catch (LeaseLostException e) {
            if (state == State.RUNNING) {
              fencedOut.run();
            }
            throw e;
          }
        }
      }
      bySource.forEach((reader, completed) -> ((Source.Reader) reader).commit(completed));
    }

    @Override
    public void stored(Map<StreamScheduler.PartitionState, Long> checkpoints) {
      lock.lock();
      try {
        checkpoints.forEach(scheduler::saved);
      } finally {
        lock.unlock();
      }
    }
  }

  private boolean owns(Source.Reader reader) {
    int i = readers.indexOf(reader);
    return i >= 0 && sources.get(i).ownsCheckpoints();
  }

  /** What a source's reader sees of this service. */
  private final class SourceContext implements Source.Context {
    private final Source source;

    SourceContext(Source source) {
      this.source = source;
    }

    @Override
    public String service() {
      return name;
    }

    @Override
    public long checkpoint(SourcePartition partition) {
      return loadCheckpoint(partition);
    }

    @Override
    public Map<SourcePartition, Long> release(Collection<SourcePartition> partitions, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      lock.lock();
      try {
        scheduler.dropPending(partitions);
        while (scheduler.inFlight(partitions) > 0) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            log.warn("service {}: {} input(s) of {} still in flight after {}; committing what is done", name,
                scheduler.inFlight(partitions), partitions, timeout);
            break;
          }
          spansDone.awaitNanos(left);
        }
        Map<SourcePartition, Long> done = new LinkedHashMap<>();
        for (SourcePartition p : partitions) {
          StreamScheduler.PartitionState s = scheduler.existing(p);
          if (s != null && s.tracker.checkpoint() != Long.MIN_VALUE) {
            done.put(p, s.tracker.checkpoint());
          }
        }
        scheduler.remove(partitions);
        return done;
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void drop(Collection<SourcePartition> partitions) {
      lock.lock();
      try {
        scheduler.remove(partitions);
      } finally {
        lock.unlock();
      }
    }
  }
}
