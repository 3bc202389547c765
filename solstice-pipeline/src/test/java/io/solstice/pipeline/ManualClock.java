package io.solstice.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that only moves when told, and a {@link Sleeper} that moves it instead of sleeping. */
final class ManualClock implements java.time.InstantSource, Sleeper {
  private final AtomicLong nanos = new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").getEpochSecond() * 1_000_000_000L);

  @Override
  public Instant instant() {
    long n = nanos.get();
    return Instant.ofEpochSecond(n / 1_000_000_000L, n % 1_000_000_000L);
  }

  void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    advance(duration);
    Thread.sleep(1); // let other threads run; the clock, not this pause, is what the code under test sees
  }
}
