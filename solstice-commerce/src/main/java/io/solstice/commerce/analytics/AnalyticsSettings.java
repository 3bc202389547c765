package io.solstice.commerce.analytics;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How the analytics database is written and queried. Every setting is checked at once.
 *
 * @param flushInterval the longest a handled order event waits for others to share its batch
 *     (the batch's linger); rows are visible at most this long plus one commit after the event is
 *     handled. Zero writes whatever is queued at once (batches then form only under load).
 * @param maxBatch the most order events written in one transaction, at least 1
 * @param queueCapacity the most order events waiting to be written; handlers block when it is full
 *     (backpressure), at least 1
 * @param memoryLimit DuckDB's {@code memory_limit}, e.g. {@code 512MB} (DuckDB's own default is 80 %
 *     of RAM, too much inside a server process)
 * @param maxRows the most rows {@link Analytics#query(String)} returns; more are cut and marked
 *     truncated, at least 1
 * @param maxConcurrentQueries how many queries may run at once in this process, at least 1
 * @param queryTimeout how long one query may run before it is interrupted (positive, at most an hour)
 * @param maxResultBytes about the most bytes of values {@link Analytics#query(String)} returns;
 *     further rows are cut and the result marked truncated, at least 1
 */
public record AnalyticsSettings(
    Duration flushInterval, int maxBatch, int queueCapacity, String memoryLimit, int maxRows, int maxConcurrentQueries,
    Duration queryTimeout, long maxResultBytes) {

  private static final Pattern MEMORY = Pattern.compile("(?i)[0-9]+(\\.[0-9]+)?\\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)");

  /**
   * Batches linger up to 200 ms, 500 orders each, 10,000 queued; 512MB for DuckDB; 10,000 rows and
   * 8 MiB per query, 30 s per query; 4 queries at once.
   */
  public static AnalyticsSettings defaults() {
    return new AnalyticsSettings(Duration.ofMillis(200), 500, 10_000, "512MB", 10_000, 4, Duration.ofSeconds(30), 8L << 20);
  }

  /** The settings without the last two (defaults for the query timeout and result bytes). */
  public AnalyticsSettings(Duration flushInterval, int maxBatch, int queueCapacity, String memoryLimit, int maxRows, int maxConcurrentQueries) {
    this(flushInterval, maxBatch, queueCapacity, memoryLimit, maxRows, maxConcurrentQueries, Duration.ofSeconds(30), 8L << 20);
  }

  public AnalyticsSettings {
    Objects.requireNonNull(flushInterval, "flushInterval");
    if (flushInterval.isNegative() || flushInterval.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException("analytics flushInterval must be between 0 and 1 minute, was " + flushInterval);
    }
    positive("maxBatch", maxBatch);
    positive("queueCapacity", queueCapacity);
    positive("maxRows", maxRows);
    positive("maxConcurrentQueries", maxConcurrentQueries);
    Objects.requireNonNull(queryTimeout, "queryTimeout");
    if (queryTimeout.isNegative() || queryTimeout.isZero() || queryTimeout.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("analytics queryTimeout must be positive and at most 1 hour, was " + queryTimeout);
    }
    if (maxResultBytes < 1) {
      throw new IllegalArgumentException("analytics maxResultBytes must be at least 1, was " + maxResultBytes);
    }
    if (memoryLimit == null || !MEMORY.matcher(memoryLimit).matches()) {
      throw new IllegalArgumentException("analytics memoryLimit must be a size such as 512MB or 2GB, was " + memoryLimit);
    }
  }

  public AnalyticsSettings withFlushInterval(Duration d) {
    return new AnalyticsSettings(d, maxBatch, queueCapacity, memoryLimit, maxRows, maxConcurrentQueries, queryTimeout, maxResultBytes);
  }

  public AnalyticsSettings withMaxBatch(int n) {
    return new AnalyticsSettings(flushInterval, n, queueCapacity, memoryLimit, maxRows, maxConcurrentQueries, queryTimeout, maxResultBytes);
  }

  public AnalyticsSettings withQueueCapacity(int n) {
    return new AnalyticsSettings(flushInterval, maxBatch, n, memoryLimit, maxRows, maxConcurrentQueries, queryTimeout, maxResultBytes);
  }

  public AnalyticsSettings withMemoryLimit(String limit) {
    return new AnalyticsSettings(flushInterval, maxBatch, queueCapacity, limit, maxRows, maxConcurrentQueries, queryTimeout, maxResultBytes);
  }

  public AnalyticsSettings withMaxRows(int n) {
    return new AnalyticsSettings(flushInterval, maxBatch, queueCapacity, memoryLimit, n, maxConcurrentQueries, queryTimeout, maxResultBytes);
  }

  public AnalyticsSettings withMaxConcurrentQueries(int n) {
    return new AnalyticsSettings(flushInterval, maxBatch, queueCapacity, memoryLimit, maxRows, n, queryTimeout, maxResultBytes);
  }

  public AnalyticsSettings withQueryTimeout(Duration d) {
    return new AnalyticsSettings(flushInterval, maxBatch, queueCapacity, memoryLimit, maxRows, maxConcurrentQueries, d, maxResultBytes);
  }

  public AnalyticsSettings withMaxResultBytes(long n) {
    return new AnalyticsSettings(flushInterval, maxBatch, queueCapacity, memoryLimit, maxRows, maxConcurrentQueries, queryTimeout, n);
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException("analytics " + name + " must be at least 1, was " + value);
    }
  }
}
