package io.solstice.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits in tests for something that happens asynchronously, polling every 10 ms. Every wait has a
 * deadline and fails loudly when it passes, naming what was awaited and the last value seen: a
 * wait never returns silently on timeout.
 */
public final class Await {

  /**
   * The deadline of the waits that take none: generous, since CI machines are slow and shared (the
   * pipeline's flood tests handle 100 000 events under it).
   */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private Await() {}

  /** Waits until {@code actual} returns a value equal to {@code expected}. */
  public static <T> void equal(Supplier<T> actual, T expected) {
    equal(actual, expected, DEFAULT_TIMEOUT);
  }

  /** Waits until {@code actual} returns a value equal to {@code expected}, at most {@code timeout}. */
  public static <T> void equal(Supplier<T> actual, T expected, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = actual.get();
    while (!Objects.equals(last, expected)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited " + timeout + " for " + expected + " but the last value seen was " + last);
      }
      pause();
      last = actual.get();
    }
  }

  /** Waits until {@code condition} holds; {@code what} names it in the failure. */
  public static void until(String what, BooleanSupplier condition) {
    until(what, condition, DEFAULT_TIMEOUT);
  }

  /** Waits until {@code condition} holds, at most {@code timeout}; {@code what} names it in the failure. */
  public static void until(String what, BooleanSupplier condition, Duration timeout) {
    until(what, condition, timeout, () -> "");
  }

  /** Waits until {@code condition} holds; on failure the message also shows {@code state}, the state seen last. */
  public static void until(String what, BooleanSupplier condition, Supplier<String> state) {
    until(what, condition, DEFAULT_TIMEOUT, state);
  }

  private static void until(String what, BooleanSupplier condition, Duration timeout, Supplier<String> state) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        String seen = state.get();
        throw new AssertionError("waited " + timeout + " for " + what + ", which did not happen" + (seen.isEmpty() ? "" : "; " + seen));
      }
      pause();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting", e);
    }
  }
}
