package io.solstice.pipeline;

/**
 * A service's scheduling limits.
 *
 * @param maxConcurrentStreams how many streams (or keys) may be handled at once, at least 1
 * @param maxReadAhead how many events of one tenant's part of a source may be read but not yet
 *     completed (backpressure: the source is not read further until some complete), at least 1
 * @param pageSize how many events one read of a tenant's part of a source asks for, at least 1
 * @param maxSpan how many pending events of one stream are handed to one handler run, at least 1
 */
public record Scheduling(int maxConcurrentStreams, int maxReadAhead, int pageSize, int maxSpan) {

  /** 256 streams at once, 20,000 events read ahead per tenant, pages of 1,000, spans of up to 1,000. */
  public static Scheduling defaults() {
    return new Scheduling(256, 20_000, 1_000, 1_000);
  }

  public Scheduling {
    positive("maxConcurrentStreams", maxConcurrentStreams);
    positive("maxReadAhead", maxReadAhead);
    positive("pageSize", pageSize);
    positive("maxSpan", maxSpan);
  }

  public Scheduling withMaxConcurrentStreams(int n) {
    return new Scheduling(n, maxReadAhead, pageSize, maxSpan);
  }

  public Scheduling withMaxReadAhead(int n) {
    return new Scheduling(maxConcurrentStreams, n, pageSize, maxSpan);
  }

  public Scheduling withPageSize(int n) {
    return new Scheduling(maxConcurrentStreams, maxReadAhead, n, maxSpan);
  }

  public Scheduling withMaxSpan(int n) {
    return new Scheduling(maxConcurrentStreams, maxReadAhead, pageSize, n);
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, was " + value);
    }
  }
}
