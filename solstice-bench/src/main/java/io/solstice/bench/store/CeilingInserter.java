package io.solstice.bench.store;

import io.solstice.core.store.AppendRequest;
import io.solstice.core.store.EventStore;
import io.solstice.core.store.ExpectedVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The ceiling baseline: what the database itself can take. One thread inserts raw batches of
 * {@value #ROWS_PER_BATCH} events (200 new streams of 5 events each) with no version checks, until
 * the phase's time is up. Its figure bounds what any append path on the same database, schema and
 * indexes can reach.
 */
final class CeilingInserter {

  /** Events (rows) per multi-row insert. */
  static final int ROWS_PER_BATCH = 1_000;

  private static final int EVENTS_PER_STREAM = 5;

  private CeilingInserter() {}

  static ConcurrentWriters.Outcome run(
      BenchDatabase database, EventStore store, BenchWorkload workload, Duration duration, String phase, Consumer<PhaseProgress> onStart) {
    SplittableRandom random = new SplittableRandom();
    long started = System.nanoTime();
    long deadline = started + duration.toNanos();
    PhaseProgress progress = new PhaseProgress(phase, started);
    onStart.accept(progress);
    long nextStream = 0;
    while (System.nanoTime() < deadline) {
      List<AppendRequest> batch = new ArrayList<>(ROWS_PER_BATCH / EVENTS_PER_STREAM);
      for (int i = 0; i < ROWS_PER_BATCH / EVENTS_PER_STREAM; i++) {
        batch.add(new AppendRequest(
            workload.numberedStream(nextStream++), ExpectedVersion.NO_STREAM, workload.events(random, EVENTS_PER_STREAM)));
      }
      database.insertUnchecked(store, batch);
      progress.appends.add(batch.size());
      progress.events.add(ROWS_PER_BATCH);
    }
    long elapsed = System.nanoTime() - started;
    return new ConcurrentWriters.Outcome(
        Duration.ofNanos(elapsed), progress.appends.sum(), progress.events.sum(), 0, new LatencyHistogram());
  }
}
