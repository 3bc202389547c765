package io.solstice.bench.store;

import java.util.concurrent.atomic.LongAdder;

/** Live counters of the running phase, updated by every writer and read by the progress display. */
final class PhaseProgress {

  final String phase;
  final long startedNanos;
  final LongAdder events = new LongAdder();
  final LongAdder appends = new LongAdder();
  final LongAdder conflicts = new LongAdder();
  /** Set when a writer failed, so the others stop early. */
  volatile boolean aborted;

  PhaseProgress(String phase, long startedNanos) {
    this.phase = phase;
    this.startedNanos = startedNanos;
  }

  void acknowledged(int eventCount) {
    appends.increment();
    events.add(eventCount);
  }
}
