package io.solstice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import io.solstice.testkit.Await;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Stopping idle services does not wait out the timeout: the reader blocked waiting for appends, the
 * dispatcher waiting for work, the flusher and the replayer sleeping all answer the interrupt. The
 * timeout here is an hour, so a stop that waited for it would never return within the test's limit;
 * the test asserts that it returned and that no thread of the service is left.
 */
class StopReturnsPromptlyWhenIdleTest {

  @Test
  void stoppingIdleServicesReturnsBeforeTheTimeoutAndEndsEveryThread() throws InterruptedException {
    Fixture f = new Fixture("acme", "beta");
    f.append(StreamName.of("acme", "Order", "1"), "Placed", 3);
    f.append(StreamName.of("beta", "Order", "1"), "Placed", 2);
    AtomicInteger handled = new AtomicInteger();
    Service<RecordedEvent, RecordedEvent> orders = Service.named("orders").consume("store:Order")
        .decode(e -> Optional.of(e)).handle(e -> e).interpret((out, ctx) -> handled.incrementAndGet()).build();
    Service<RecordedEvent, RecordedEvent> everything = Service.named("everything").consume("store:")
        .decode(e -> Optional.of(e)).handle(e -> e).interpret((out, ctx) -> handled.incrementAndGet()).build();
    ServiceHost host = f.host().service(orders).service(everything).build();
    host.start();
    Await.until("every event handled by both services, and both ready", () -> handled.get() == 10 && host.health().ready());

    CountDownLatch stopped = new CountDownLatch(1);
    Thread stopper = Thread.ofVirtual().start(() -> {
      host.stop(Duration.ofHours(1));
      stopped.countDown();
    });
    Await.until("stop(1 hour) to return", () -> stopped.getCount() == 0);
    stopper.join();

    assertThat(host.runner("orders").aliveThreads()).isEmpty();
    assertThat(host.runner("everything").aliveThreads()).isEmpty();
    assertThat(host.health().services()).containsOnly(java.util.Map.entry("orders", "STOPPED"), java.util.Map.entry("everything", "STOPPED"));
  }
}
