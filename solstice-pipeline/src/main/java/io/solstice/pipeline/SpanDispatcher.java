package io.solstice.pipeline;

import io.solstice.core.StreamName;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Dispatches a {@link ServiceRunner}'s ready streams and handles their spans.
 *
 * <p>One <b>dispatcher</b> thread takes a slot of the {@link Scheduling#maxConcurrentStreams()}
 * semaphore, then the next ready stream's span, and starts a <b>span</b> thread with it. A span
 * thread handles its inputs in order ({@link InputAttempts}). When they are done it finishes the
 * span under the lock and, while the service runs and another stream is ready, takes that span in
 * the same lock acquisition and keeps its slot, so a busy service does not start a thread per
 * span. When an input fails and must wait for a retry, the span ends there: the stream
 * <em>sleeps</em> with that input at its head, the slot is released, and a small <b>waker</b>
 * thread waits out the backoff with the host's {@link Sleeper} and makes the stream ready again.
 * A retrying or halted stream therefore never holds a slot others need. Progress listeners are
 * told of moved checkpoints after the lock is released.
 */
final class SpanDispatcher<I, O> {
  private static final Logger log = LoggerFactory.getLogger(ServiceRunner.class);

  private final RunnerCore<I> core;
  private final Service<I, O> service;
  private final InputAttempts<I, O> attempts;
  private final ReplayPoller<I> replays;
  private final ServiceFigures<I> figures;
  private final Sleeper sleeper;
  private final Semaphore slots;
  private final Set<Thread> spanThreads = ConcurrentHashMap.newKeySet();
  private final Set<Thread> wakers = ConcurrentHashMap.newKeySet();

  SpanDispatcher(RunnerCore<I> core, Service<I, O> service, InputAttempts<I, O> attempts, ReplayPoller<I> replays,
      ServiceFigures<I> figures, Sleeper sleeper) {
    this.core = core;
    this.service = service;
    this.attempts = attempts;
    this.replays = replays;
    this.figures = figures;
    this.sleeper = sleeper;
    this.slots = new Semaphore(service.scheduling().maxConcurrentStreams());
  }

  /** The span threads still running. */
  Set<Thread> spanThreads() {
    return spanThreads;
  }

  /** The waker threads waiting out a retry's backoff. */
  Set<Thread> wakers() {
    return wakers;
  }

  /** The dispatcher thread's loop: until the service stops, starts a span thread per free slot and ready stream. */
  void loop() throws InterruptedException {
    while (core.running()) {
      slots.acquire();
      StreamScheduler.Span<I> span;
      core.lock.lock();
      try {
        while (!core.scheduler.hasReady() && core.running()) {
          core.workAvailable.await();
        }
        if (!core.running()) {
          slots.release();
          return;
        }
        span = core.scheduler.take();
        core.busySpans++;
      } catch (InterruptedException e) {
        slots.release();
        throw e;
      } finally {
        core.lock.unlock();
      }
      Thread.ofVirtual().name(core.name + "-span").start(() -> runSpans(span));
    }
  }

  /** Runs spans on one slot: the one it was started with, then, while the service runs, the next ready one. */
  private void runSpans(StreamScheduler.Span<I> first) {
    Thread self = Thread.currentThread();
    spanThreads.add(self);
    try {
      MDC.put("service", core.name);
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
      ServiceFigures.TenantFigures tenantFigures = figures.of(tenant);
      StreamName mdcStream = null;
      for (Item<I> item : items) {
        ServiceRunner.State state = core.state;
        if (state != ServiceRunner.State.RUNNING && (state != ServiceRunner.State.STOPPING || done > 0)) {
          break; // stopping: finish at most the input in hand, leave the rest for redelivery
        }
        StreamName stream = item.event.stream();
        if (!stream.equals(mdcStream)) {
          MDC.put("stream", stream.canonical());
          mdcStream = stream;
        }
        switch (attempts.attempt(item, tenantFigures.meters(), tenantFigures.stuck())) {
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
      core.die(t, "handling " + items.get(done).event + " died with an error");
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
    boolean running = core.running();
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
    core.lock.lock();
    try {
      core.busySpans--;
      if (handled.retryAfter() != null && running) {
        moved = core.scheduler.sleep(span, handled.done());
        wakeLater(span.key(), handled.retryAfter());
      } else {
        moved = core.scheduler.finish(span, handled.done(), !running);
      }
      offsets = new long[moved.size()];
      for (int i = 0; i < offsets.length; i++) {
        offsets[i] = moved.get(i).tracker.checkpoint();
      }
      if (core.scheduler.hasReady()) {
        core.workAvailable.signal();
      }
      core.capacityFreed.signalAll();
      core.spansDone.signalAll();
      if (core.running() && core.scheduler.hasReady() && !core.lock.hasQueuedThreads()) {
        core.busySpans++;
        next = core.scheduler.take();
      }
    } finally {
      core.lock.unlock();
    }
    for (int i = 0; i < offsets.length; i++) {
      try {
        service.progress().advanced(moved.get(i).partition, offsets[i]);
      } catch (RuntimeException e) {
        log.warn("service {}: its progress listener failed for {}: {}", core.name, moved.get(i).partition, e.toString());
      }
    }
    return next;
  }

  /** Makes a sleeping stream ready again after {@code wait}, on a thread that holds no slot. */
  private void wakeLater(StreamScheduler.Key<I> key, Duration wait) {
    Thread waker = Thread.ofVirtual().name(core.name + "-retry").unstarted(() -> {
      try {
        sleeper.sleep(wait);
        core.lock.lock();
        try {
          if (core.running()) {
            core.scheduler.wake(key);
            core.workAvailable.signal();
          }
        } finally {
          core.lock.unlock();
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
}
