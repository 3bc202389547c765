package io.solstice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import io.solstice.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One tenant's flood does not starve another; a slow handler does not make read-ahead grow without bound. */
class FairnessAndBackpressureTest {

  private static final int PAGE = 500;
  private final Fixture f = new Fixture("acme", "beta");
  private ServiceHost host;

  @AfterEach
  void stop() {
    if (host != null) {
      host.stop(Duration.ofSeconds(10));
    }
  }

  private static List<StreamName> streams(String tenant, int n) {
    List<StreamName> s = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      s.add(StreamName.of(tenant, "Order", "o" + i));
    }
    return s;
  }

  @Test
  void aSmallTenantIsServedWithinTheFirstBatchesWhileAnotherTenantFloods() {
    List<StreamName> acme = streams("acme", 1_000);
    for (int round = 0; round < 100; round++) {
      f.appendEach(acme, "Placed"); // tenant A: 100,000 events
    }
    List<StreamName> beta = streams("beta", 10);
    for (int round = 0; round < 10; round++) {
      f.appendEach(beta, "Placed"); // then tenant B: 100 events
    }
    AtomicInteger acmeHandled = new AtomicInteger();
    AtomicInteger betaHandled = new AtomicInteger();
    AtomicLong acmeHandledWhenBetaDone = new AtomicLong(-1);
    Service<RecordedEvent, RecordedEvent> service = Service.named("fair").consume("store:Order")
        .decode(e -> Optional.of(e))
        .handle(e -> {
          if (e.stream().tenant().equals("acme")) {
            acmeHandled.incrementAndGet();
          } else if (betaHandled.incrementAndGet() == 100) {
            acmeHandledWhenBetaDone.set(acmeHandled.get());
          }
          return e;
        })
        .interpret((out, ctx) -> {})
        .scheduling(Scheduling.defaults().withPageSize(PAGE).withMaxConcurrentStreams(4))
        .build();
    host = f.host().service(service).build();
    host.start();

    Await.until("tenant B's 100 events handled", () -> betaHandled.get() == 100);
    assertThat(acmeHandledWhenBetaDone.get()).as("tenant A events handled before B's last").isLessThan(2L * PAGE);
    Await.until("tenant A's flood handled", () -> acmeHandled.get() == 100_000);
  }

  @Test
  void aSlowHandlerHoldsTheReaderAtTheReadAheadLimit() {
    int readAhead = 1_000;
    int pageSize = 100;
    List<StreamName> acme = streams("acme", 50);
    for (int round = 0; round < 400; round++) {
      f.appendEach(acme, "Placed"); // 20,000 events
    }
    Semaphore permits = new Semaphore(0);
    AtomicInteger handled = new AtomicInteger();
    Service<RecordedEvent, RecordedEvent> service = Service.named("slow").consume("store:Order")
        .decode(e -> Optional.of(e))
        .handle(e -> {
          permits.acquire();
          handled.incrementAndGet();
          return e;
        })
        .interpret((out, ctx) -> {})
        .scheduling(new Scheduling(8, readAhead, pageSize, 10))
        .build();
    host = f.host().service(service).build();
    host.start();
    ServiceRunner<?, ?> runner = host.runner("slow");

    Await.until("the reader held back by full read-ahead", () -> runner.heldPolls() >= 5);
    long bound = readAhead + pageSize - 1L;
    assertThat(runner.peakReadAhead()).isLessThanOrEqualTo(bound);
    assertThat(handled.get()).isZero();
    var lag = f.registry.find("solstice.service.lag.events").tag("service", "slow").tag("tenant", "acme").gauge();
    assertThat(lag.value()).isLessThanOrEqualTo(bound);

    permits.release(1_000_000);
    Await.until("every event handled", () -> handled.get() == 20_000);
    assertThat(runner.peakReadAhead()).isLessThanOrEqualTo(bound);
  }
}
