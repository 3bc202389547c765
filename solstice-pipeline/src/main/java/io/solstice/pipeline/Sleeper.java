package io.solstice.pipeline;

import java.time.Duration;

/**
 * Waits between retries. The default sleeps the (virtual) thread; tests inject one that advances a
 * fake clock instead, so no test sleeps for time to pass.
 */
@FunctionalInterface
public interface Sleeper {

  /** Sleeps the calling thread. */
  Sleeper SYSTEM = duration -> Thread.sleep(duration);

  void sleep(Duration duration) throws InterruptedException;
}
