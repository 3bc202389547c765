package io.solstice.bench.store;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Prints one line per second about the running phase (events/s over the last second, totals,
 * conflicts) to a writer, normally stderr so that stdout holds only the result. Runs on its own
 * virtual thread from {@link #start} until {@link #close}.
 */
final class ProgressDisplay implements AutoCloseable {

  private final PrintWriter out;
  private final Duration phaseDuration;
  private final AtomicReference<PhaseProgress> current = new AtomicReference<>();
  private final Thread ticker;

  private ProgressDisplay(PrintWriter out, Duration phaseDuration) {
    this.out = out;
    this.phaseDuration = phaseDuration;
    this.ticker = Thread.ofVirtual().name("bench-progress").unstarted(this::tick);
  }

  /** Starts printing to {@code out}; a null writer prints nothing. */
  static ProgressDisplay start(PrintWriter out, Duration phaseDuration) {
    ProgressDisplay display = new ProgressDisplay(out, phaseDuration);
    if (out != null) {
      display.ticker.start();
    }
    return display;
  }

  /** Shows {@code progress} from now on. */
  void follow(PhaseProgress progress) {
    current.set(progress);
  }

  private void tick() {
    PhaseProgress last = null;
    long lastEvents = 0;
    long lastNanos = 0;
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Thread.sleep(1_000);
        PhaseProgress progress = current.get();
        if (progress == null) {
          continue;
        }
        long now = System.nanoTime();
        long events = progress.events.sum();
        if (progress != last) {
          last = progress;
          lastEvents = 0;
          lastNanos = progress.startedNanos;
        }
        double seconds = (now - lastNanos) / 1e9;
        double rate = seconds > 0 ? (events - lastEvents) / seconds : 0;
        long elapsed = Math.min(Math.round((now - progress.startedNanos) / 1e9), phaseDuration.toSeconds());
        if (elapsed == 0) {
          continue; // the phase has only just started: report it on the next tick
        }
        out.println(String.format(Locale.ROOT, "  %-13s %3d/%d s %,12.0f events/s %,12d events %,8d conflicts",
            progress.phase, elapsed, phaseDuration.toSeconds(), rate, events, progress.conflicts.sum()));
        out.flush();
        lastEvents = events;
        lastNanos = now;
      }
    } catch (InterruptedException e) {
      // closed
    }
  }

  @Override
  public void close() {
    ticker.interrupt();
    try {
      ticker.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
