package io.solstice.app.traffic;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts shoppers started, orders placed, orders settled and failures, and draws a progress bar
 * from them on a writer (normally stderr, so stdout holds only the report). On a terminal the bar
 * is redrawn in place every 200 ms; otherwise one line is printed every 5 s. The target is a number
 * of orders or a number of seconds; the ETA follows from the rate so far.
 */
public final class TrafficProgress implements AutoCloseable {
  private final LongAdder started = new LongAdder();
  private final LongAdder placed = new LongAdder();
  private final LongAdder settled = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final PrintWriter out;
  private final boolean terminal;
  private final long targetOrders;
  private final long targetSeconds;
  private final long startNanos = System.nanoTime();
  private volatile String phase = "shopping";
  private Thread ticker;

  private TrafficProgress(PrintWriter out, boolean terminal, long targetOrders, long targetSeconds) {
    this.out = out;
    this.terminal = terminal;
    this.targetOrders = targetOrders;
    this.targetSeconds = targetSeconds;
  }

  /** Progress towards {@code orders} orders; {@code out} null draws nothing. */
  public static TrafficProgress forOrders(PrintWriter out, long orders) {
    return new TrafficProgress(out, System.console() != null, orders, 0).startTicker();
  }

  /** Progress through {@code seconds} seconds; {@code out} null draws nothing. */
  public static TrafficProgress forSeconds(PrintWriter out, long seconds) {
    return new TrafficProgress(out, System.console() != null, 0, seconds).startTicker();
  }

  /** Counts nothing and draws nothing. */
  public static TrafficProgress silent() {
    return new TrafficProgress(null, false, 0, 0);
  }

  private TrafficProgress startTicker() {
    if (out != null) {
      ticker = Thread.ofVirtual().name("traffic-progress").start(this::tick);
    }
    return this;
  }

  void started() {
    started.increment();
  }

  void placed() {
    placed.increment();
  }

  void settled() {
    settled.increment();
  }

  void failed() {
    failed.increment();
  }

  public long placedCount() {
    return placed.sum();
  }

  public long settledCount() {
    return settled.sum();
  }

  public long failedCount() {
    return failed.sum();
  }

  /** Names what the run is doing now (shown next to the bar), e.g. {@code "settling"}. */
  public void phase(String name) {
    this.phase = name;
  }

  private void tick() {
    long every = terminal ? 200 : 5_000;
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Thread.sleep(every);
        draw(false);
      }
    } catch (InterruptedException e) {
      // closed
    }
  }

  private void draw(boolean last) {
    double elapsed = (System.nanoTime() - startNanos) / 1e9;
    long p = placed.sum();
    double rate = elapsed > 0 ? p / elapsed : 0;
    double fraction;
    String eta;
    if (targetOrders > 0) {
      fraction = Math.min(1, (double) p / targetOrders);
      eta = rate > 0 && p < targetOrders ? String.format(Locale.ROOT, "ETA %ds", Math.round((targetOrders - p) / rate)) : "";
    } else {
      fraction = targetSeconds > 0 ? Math.min(1, elapsed / targetSeconds) : 0;
      eta = String.format(Locale.ROOT, "%ds left", Math.max(0, Math.round(targetSeconds - elapsed)));
    }
    int width = 30;
    int full = (int) Math.round(fraction * width);
    String bar = "[" + "#".repeat(full) + ".".repeat(width - full) + "]";
    String line = String.format(Locale.ROOT, "%s %3.0f%% %,d placed%s · %,d settled · %,.0f orders/s · %s%s%s", bar, fraction * 100, p,
        targetOrders > 0 ? "/" + String.format(Locale.ROOT, "%,d", targetOrders) : "", settled.sum(), rate,
        failed.sum() > 0 ? String.format(Locale.ROOT, "%,d failed · ", failed.sum()) : "", phase.equals("shopping") ? eta : phase,
        "");
    if (terminal) {
      out.print("\r" + line + "   " + (last ? "\n" : ""));
    } else {
      out.println(line);
    }
    out.flush();
  }

  /** Stops redrawing and prints the final state once. */
  @Override
  public void close() {
    if (ticker != null) {
      ticker.interrupt();
      try {
        ticker.join(1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      draw(true);
      ticker = null;
    }
  }
}
