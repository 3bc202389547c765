package io.solstice.app.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The console's recent history, one {@link Point} per interval (default 5 s, the last hour kept):
 * orders placed per second, in all and per tenant (from the {@link LiveFeed}: the whole
 * deployment), and checkout → confirmation-mail latency, p50 and p99 (from the {@link
 * LatencyWindow} of this process's mail sender: empty where this process does not send mail).
 * Also the services' throughput (inputs handled per second over the last interval, from the
 * {@code solstice.service.handled} counters of this process).
 *
 * <p>Sampled on a virtual thread from {@link #start()}; {@link #sample()} takes one sample now.
 */
public final class Timeline implements AutoCloseable {

  /** Points kept: an hour at the default interval. */
  public static final int CAPACITY = 720;

  /**
   * One interval.
   *
   * @param at the end of the interval
   * @param ordersPerSecond orders placed per second in the interval; null before the live feed started
   * @param ordersPerSecondByTenant the same per tenant (tenants with orders since the feed started)
   * @param mails confirmation mails sent by this process in the interval
   * @param mailP50Millis checkout → confirmation mail, median, in ms; null without mails
   * @param mailP99Millis the same, 99th percentile
   */
  public record Point(Instant at, Double ordersPerSecond, Map<String, Double> ordersPerSecondByTenant, long mails, Double mailP50Millis,
      Double mailP99Millis) {}

  private final LiveFeed live;
  private final LatencyWindow mail;
  private final MeterRegistry meters;
  private final Duration interval;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<Point> points = new ArrayDeque<>();
  private Map<String, Long> lastPlaced = null;
  private Instant lastAt;
  private Map<String, Double> lastHandled = Map.of();
  private Map<String, Double> throughput = Map.of();
  private volatile Thread sampler;
  private volatile boolean closed;

  public Timeline(LiveFeed live, LatencyWindow mail, MeterRegistry meters, Duration interval, Clock clock) {
    this.live = Objects.requireNonNull(live, "live");
    this.mail = Objects.requireNonNull(mail, "mail");
    this.meters = Objects.requireNonNull(meters, "meters");
    this.interval = Objects.requireNonNull(interval, "interval");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("the console's sample interval must be positive, was " + interval);
    }
  }

  /** The sampling interval. */
  public Duration interval() {
    return interval;
  }

  /** Starts sampling every interval (once; later calls do nothing). */
  public void start() {
    lock.lock();
    try {
      if (sampler == null && !closed) {
        sample();
        sampler = Thread.ofVirtual().name("solstice-timeline").start(this::run);
      }
    } finally {
      lock.unlock();
    }
  }

  /** The points, oldest first. */
  public List<Point> points() {
    lock.lock();
    try {
      return List.copyOf(points);
    } finally {
      lock.unlock();
    }
  }

  /** Inputs handled per second by each service of this process over the last interval. */
  public Map<String, Double> serviceThroughput() {
    lock.lock();
    try {
      return throughput;
    } finally {
      lock.unlock();
    }
  }

  /** Takes one sample now. */
  public void sample() {
    lock.lock();
    try {
      Instant now = clock.instant();
      double seconds = lastAt == null ? interval.toMillis() / 1000.0 : Math.max(0.001, Duration.between(lastAt, now).toMillis() / 1000.0);
      Map<String, Double> handled = handledByService();
      Map<String, Double> rates = new TreeMap<>();
      handled.forEach((service, total) -> rates.put(service, Math.max(0, total - lastHandled.getOrDefault(service, total)) / seconds));
      throughput = Map.copyOf(rates);
      lastHandled = handled;

      Double ordersPerSecond = null;
      Map<String, Double> byTenant = new TreeMap<>();
      if (live.since() != null) {
        Map<String, Long> placed = new HashMap<>();
        live.orders().forEach((tenant, totals) -> placed.put(tenant, totals.placed()));
        if (lastPlaced != null) {
          double all = 0;
          for (Map.Entry<String, Long> e : placed.entrySet()) {
            double rate = (e.getValue() - lastPlaced.getOrDefault(e.getKey(), 0L)) / seconds;
            byTenant.put(e.getKey(), rate);
            all += rate;
          }
          ordersPerSecond = all;
        }
        lastPlaced = placed;
      }
      LatencyWindow.Figures m = mail.drain();
      points.addLast(new Point(now, ordersPerSecond, Map.copyOf(byTenant), m.count(), m.p50Millis(), m.p99Millis()));
      while (points.size() > CAPACITY) {
        points.removeFirst();
      }
      lastAt = now;
    } finally {
      lock.unlock();
    }
  }

  private Map<String, Double> handledByService() {
    Map<String, Double> totals = new HashMap<>();
    for (Counter c : meters.find("solstice.service.handled").counters()) {
      String service = c.getId().getTag("service");
      if (service != null) {
        totals.merge(service, c.count(), Double::sum);
      }
    }
    return totals;
  }

  private void run() {
    while (!closed) {
      try {
        Thread.sleep(interval);
      } catch (InterruptedException e) {
        return;
      }
      if (!closed) {
        sample();
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    Thread t = sampler;
    if (t != null) {
      t.interrupt();
    }
  }
}
