package io.solstice.bench.store;

import io.solstice.core.EventData;
import io.solstice.core.StreamName;
import io.solstice.core.store.AppendResult;
import io.solstice.core.store.EventStore;
import io.solstice.core.store.ExpectedVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The writers of a store benchmark phase, as an application would append: {@code writers} virtual
 * threads, each looping until the phase's time is up.
 *
 * <h2>One writer's loop</h2>
 *
 * Pick a stream uniformly among the workload's streams; build 1–5 events; append them expecting
 * exactly the version the process believes the stream is at (-1 for a stream it has not seen).
 * Beliefs are shared by the writers, as a state cache is shared by the handlers of one application
 * process, so a conflict is a real race: another writer appended to the same stream after this
 * writer read its belief. A {@link AppendResult.Written} updates the belief and records the
 * append's latency (call → acknowledged). A {@link AppendResult.Conflict} is counted; it carries
 * the stream's actual version (the store reports it, saving a reload round trip), which the writer
 * takes as its new belief before retrying the same events. An append started before the deadline
 * is always finished, so every acknowledged event is counted.
 *
 * <p>Besides the store and the beliefs, writers share only the progress counters: each has its
 * own random generator and histogram, merged when the phase ends.
 */
final class ConcurrentWriters {

  private ConcurrentWriters() {}

  /**
   * Runs the writers for {@code duration} and waits for all of them.
   *
   * @param onStart called with the phase's counters once its clock starts (for progress display)
   */
  static Outcome run(
      EventStore store, BenchWorkload workload, int writers, Duration duration, String phase, Consumer<PhaseProgress> onStart) {
    long started = System.nanoTime();
    long deadline = started + duration.toNanos();
    PhaseProgress progress = new PhaseProgress(phase, started);
    onStart.accept(progress);
    SplittableRandom seeds = new SplittableRandom();
    List<Future<LatencyHistogram>> results = new ArrayList<>(writers);
    Map<StreamName, Long> believed = new ConcurrentHashMap<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int w = 0; w < writers; w++) {
        SplittableRandom random = seeds.split();
        results.add(threads.submit(() -> write(store, workload, believed, random, deadline, progress)));
      }
    }
    long elapsed = System.nanoTime() - started;
    LatencyHistogram latency = new LatencyHistogram();
    for (Future<LatencyHistogram> result : results) {
      latency.add(join(result, phase));
    }
    return new Outcome(Duration.ofNanos(elapsed), progress.appends.sum(), progress.events.sum(), progress.conflicts.sum(), latency);
  }

  /** What the writers did together. */
  record Outcome(Duration elapsed, long appends, long events, long conflicts, LatencyHistogram latency) {}

  private static LatencyHistogram write(
      EventStore store, BenchWorkload workload, Map<StreamName, Long> believed, SplittableRandom random, long deadline,
      PhaseProgress progress) {
    LatencyHistogram latency = new LatencyHistogram();
    try {
      while (System.nanoTime() < deadline && !progress.aborted) {
        StreamName stream = workload.randomStream(random);
        List<EventData> events = workload.randomEvents(random);
        long expected = believed.getOrDefault(stream, -1L);
        boolean acknowledged = false;
        while (!acknowledged) {
          long start = System.nanoTime();
          AppendResult result = store.append(stream, ExpectedVersion.of(expected), events);
          long end = System.nanoTime();
          switch (result) {
            case AppendResult.Written written -> {
              latency.record(end - start);
              believed.merge(stream, written.version(), Math::max);
              progress.acknowledged(events.size());
              acknowledged = true;
            }
            case AppendResult.Conflict conflict -> {
              progress.conflicts.increment();
              expected = conflict.actualVersion();
              believed.merge(stream, expected, Math::max);
            }
          }
        }
      }
    } catch (RuntimeException e) {
      progress.aborted = true; // the others stop too: the phase has failed
      throw e;
    }
    return latency;
  }

  private static LatencyHistogram join(Future<LatencyHistogram> result, String phase) {
    try {
      return result.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new IllegalStateException("a writer of the " + phase + " phase failed: " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the " + phase + " phase's writers", e);
    }
  }
}
