package io.solstice.bench.checkout;

import io.solstice.app.traffic.ApiClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * The baseline of the checkout benchmark: the same client, connections and concurrency against the
 * cheapest route, {@code GET /health/live}, for a few seconds. Its requests per second are the
 * ceiling of what the HTTP path alone allows on this machine; a checkout costs several requests.
 */
final class HttpCeiling {
  private HttpCeiling() {}

  /** Requests per second of {@code GET /health/live} with {@code concurrency} callers over {@code duration}. */
  static double measure(ApiClient api, int concurrency, Duration duration) {
    LongAdder done = new LongAdder();
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < concurrency; i++) {
        callers.submit(() -> {
          while (System.nanoTime() < end) {
            if (api.get("/health/live", null).ok()) {
              done.increment();
            }
          }
        });
      }
    }
    return done.sum() / ((System.nanoTime() - start) / 1e9);
  }
}
