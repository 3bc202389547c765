package io.solstice.pipeline;

import io.solstice.core.store.EventStore;
import io.solstice.core.store.Lease;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link Service}: reads its sources, decodes, schedules per stream, handles and
 * interprets, and stores checkpoints. This class owns the lifecycle (start, stop, abort) and the
 * threads; the parts, each explained where it lives, share one {@link RunnerCore} (the lock, the
 * scheduler and the run state):
 *
 * <ul>
 *   <li>{@link StreamScheduler}: which inputs wait on which stream, fairness between tenants,
 *       read-ahead, checkpoint trackers (single-threaded, under the core's one lock);
 *   <li>{@link SourceReading}: one <b>reader</b> thread per source, decoding and queueing inputs,
 *       with backpressure from the read-ahead bound;
 *   <li>{@link SpanDispatcher}: the <b>dispatcher</b> thread, the <b>span</b> threads (at most
 *       {@link Scheduling#maxConcurrentStreams()}) and the retry <b>wakers</b>;
 *   <li>{@link InputAttempts}: one attempt of an input and what a failure leads to (retry, park, halt);
 *   <li>{@link CheckpointFlusher} with {@link RunnerCheckpoints}: the <b>flusher</b> thread storing
 *       checkpoints; {@link ReplayPoller}: the <b>replayer</b> thread, dead letters to replay;
 *   <li>{@link ServiceFigures}: meters and gauges per tenant; {@link RunnerSourceContext}: what a
 *       source's reader sees of the service (checkpoints, partitions handed back).
 * </ul>
 *
 * All threads are virtual. The lock is taken once per delivery and once per span, never around
 * user code or I/O.
 */
final class ServiceRunner<I, O> {

  private static final Logger log = LoggerFactory.getLogger(ServiceRunner.class);

  enum State { NEW, RUNNING, STOPPING, STOPPED, FAILED }

  private final Service<I, O> service;
  private final String name;
  private final List<Source> sources;
  private final Function<EventStore, StoreFeed> feeds;
  private final ServiceMetrics metrics;
  private final RunnerCore<I> core;
  private final SourceReading<I, O> reading;
  private final SpanDispatcher<I, O> dispatching;
  private final CheckpointFlusher flusher;
  private final ReplayPoller<I> replays;
  private final List<Thread> readerThreads = new ArrayList<>();
  private final List<Source.Reader> readers = new ArrayList<>();
  private final AtomicLong soloKeys = new AtomicLong();
  private Thread dispatcher;
  private Thread flusherThread;
  private Thread replayer;

  /**
   * A runner for one lease term: {@code lease} fences its checkpoint writes (null when unleased), and
   * {@code fencedOut} is called when such a write was refused because another instance took over.
   */
  ServiceRunner(Service<I, O> service, List<Source> sources, HostSettings host, Function<EventStore, StoreFeed> feeds, Lease lease,
      Runnable fencedOut) {
    this.service = service;
    this.name = service.name();
    this.sources = List.copyOf(sources);
    this.feeds = feeds;
    this.metrics = new ServiceMetrics(name, host.meterRegistry());
    this.core = new RunnerCore<>(name, new StreamScheduler<>(service.scheduling(), this::keyOf));
    ServiceTracing tracing = new ServiceTracing(name, host.openTelemetry());
    ServiceFigures<I> figures = new ServiceFigures<>(core, metrics, host.clock());
    this.reading = new SourceReading<>(core, service, host, tracing, figures);
    this.flusher = new CheckpointFlusher(name, new RunnerCheckpoints<>(core, host, lease, fencedOut, this::owns), host.sleeper(),
        host.checkpointInterval());
    this.replays = new ReplayPoller<>(name, host, event -> reading.decode(event, null), this::enqueueReplay);
    this.dispatching = new SpanDispatcher<>(core, service, new InputAttempts<>(service, host, tracing), replays, figures, host.sleeper());
  }

  String name() {
    return name;
  }

  State state() {
    return core.state;
  }

  /** Live: no internal thread died. */
  boolean live() {
    return core.fatal == null && core.state != State.FAILED;
  }

  /** Ready: running, and every source has been polled once. */
  boolean ready() {
    return core.running() && reading.readersPolled() >= sources.size();
  }

  /** The most events ever read ahead (read, not completed) for one partition. For tests of backpressure. */
  long peakReadAhead() {
    return core.locked(core.scheduler::peakReadAhead);
  }

  /** How many polls found a partition's read-ahead full and nothing else to read. For tests of backpressure. */
  long heldPolls() {
    return reading.heldPolls();
  }

  /** The internal threads (readers, dispatcher, flusher, replayer, spans, wakers) still alive. For tests of stopping. */
  List<Thread> aliveThreads() {
    List<Thread> all = new ArrayList<>(readerThreads);
    all.add(dispatcher);
    all.add(flusherThread);
    all.add(replayer);
    all.addAll(dispatching.spanThreads());
    all.addAll(dispatching.wakers());
    return all.stream().filter(t -> t != null && t.isAlive()).toList();
  }

  /** The in-memory checkpoint (completed offset) of every partition seen so far. */
  Map<SourcePartition, Long> checkpoints() {
    return core.locked(core.scheduler::checkpoints);
  }

  /** Stores every checkpoint that moved since it was last stored. */
  void flushCheckpoints() {
    flusher.flush();
  }

  // ---------------------------------------------------------------- lifecycle

  void start() {
    if (core.state != State.NEW) {
      throw new IllegalStateException("service " + name + " was already started (state " + core.state + "); build a new host to run it again");
    }
    core.state = State.RUNNING;
    dispatcher = Thread.ofVirtual().name(name + "-dispatcher").start(guard(dispatching::loop));
    for (Source source : sources) {
      Source.Reader reader = open(source);
      readers.add(reader);
      readerThreads.add(Thread.ofVirtual().name(name + "-reader-" + source.uri()).start(guard(() -> reading.loop(source, reader))));
    }
    flusherThread = Thread.ofVirtual().name(name + "-checkpoints").start(guard(() -> flusher.loop(core::running)));
    replayer = Thread.ofVirtual().name(name + "-replays").start(guard(() -> replays.loop(core::running)));
    log.info("service {} started on {}", name, service.sources());
  }

  private Source.Reader open(Source source) {
    Source.Context context = new RunnerSourceContext<>(core, reading::loadCheckpoint);
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
    if (core.state == State.NEW) {
      core.state = State.STOPPED;
      return;
    }
    if (core.state == State.STOPPED) {
      return;
    }
    if (core.running()) {
      core.state = State.STOPPING;
    }
    readerThreads.forEach(Thread::interrupt);
    replayer.interrupt();
    dispatcher.interrupt();
    dispatching.wakers().forEach(Thread::interrupt);
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean spansEnded = false;
    core.lock.lock();
    try {
      core.workAvailable.signalAll();
      core.capacityFreed.signalAll();
      while (core.busySpans > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          log.warn("service {}: {} spans still running after {}; interrupting them", name, core.busySpans, timeout);
          dispatching.spanThreads().forEach(Thread::interrupt);
          core.spansDone.await(1, TimeUnit.SECONDS);
          break;
        }
        core.spansDone.awaitNanos(left);
      }
      spansEnded = core.busySpans == 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      core.lock.unlock();
    }
    flusherThread.interrupt();
    joinQuietly(flusherThread);
    readerThreads.forEach(ServiceRunner::joinQuietly);
    joinQuietly(dispatcher);
    joinQuietly(replayer);
    dispatching.wakers().forEach(ServiceRunner::joinQuietly);
    if (spansEnded) {
      dispatching.spanThreads().forEach(ServiceRunner::joinQuietly); // each has finished its span and is about to end
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
    if (core.state != State.FAILED) {
      core.state = State.STOPPED;
    }
    log.info("service {} stopped; checkpoints {}", name, checkpoints());
  }

  /** Crash simulation for tests: stops every thread at once, storing no checkpoint. */
  void abort() {
    core.state = State.STOPPED;
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
        if (core.running()) {
          core.die(t, "internal thread " + Thread.currentThread().getName() + " died");
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

  private boolean enqueueReplay(Item<I> item) {
    core.lock.lock();
    try {
      if (!core.running()) {
        return false;
      }
      core.scheduler.enqueue(item);
      core.workAvailable.signal();
      return true;
    } finally {
      core.lock.unlock();
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

  private boolean owns(Source.Reader reader) {
    int i = readers.indexOf(reader);
    return i >= 0 && sources.get(i).ownsCheckpoints();
  }
}
