package io.solstice.bench.store;

import java.time.Duration;

/**
 * What one benchmark phase did.
 *
 * @param name the phase, e.g. {@code group commit}
 * @param elapsed from the first append started to the last acknowledged
 * @param appends appends acknowledged (written)
 * @param events events acknowledged
 * @param conflicts appends refused because the process's believed version was stale (then reloaded
 *     and retried)
 * @param latency append call → acknowledged, per acknowledged append (empty for the ceiling)
 * @param rowsCounted the increase of the database's event count over the phase
 */
public record PhaseResult(
    String name, Duration elapsed, long appends, long events, long conflicts, LatencyHistogram latency, long rowsCounted) {

  /** True when the database holds exactly as many new events as were acknowledged. */
  public boolean rowsVerified() {
    return rowsCounted == events;
  }

  public double eventsPerSecond() {
    return perSecond(events);
  }

  public double appendsPerSecond() {
    return perSecond(appends);
  }

  /** The latency at {@code percentile} in milliseconds. */
  public double latencyMillis(double percentile) {
    return latency.percentile(percentile) / 1e6;
  }

  private double perSecond(long count) {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds <= 0 ? 0 : count / seconds;
  }
}
