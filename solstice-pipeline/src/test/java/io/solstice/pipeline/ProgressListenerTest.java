package io.solstice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import io.solstice.testkit.Await;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A service's progress listener hears each partition's in-memory checkpoint as it advances over completed input. */
class ProgressListenerTest {
  private final Fixture f = new Fixture("acme", "beta");
  private ServiceHost host;

  @AfterEach
  void stop() {
    if (host != null) {
      host.stop(Duration.ofSeconds(5));
    }
  }

  @Test
  void theListenerHearsEveryPartitionReachItsLastPositionOnlyOnceAllBeforeItAreDone() {
    Map<SourcePartition, Long> heard = new ConcurrentHashMap<>();
    Service<RecordedEvent, RecordedEvent> service = Service.named("listened").consume("store:Order")
        .decode(e -> Optional.of(e)).handle(e -> e).interpret((e, ctx) -> {})
        .onProgress((partition, offset) -> heard.merge(partition, offset, Math::max))
        .build();
    host = f.host().service(service).build();
    host.start();
    for (int i = 0; i < 20; i++) {
      f.append(StreamName.of(i % 2 == 0 ? "acme" : "beta", "Order", "o" + i), "Placed", 3);
    }
    long lastAcme = f.store.readAll(0, 1_000, new io.solstice.core.store.FeedFilter("acme", "Order")).getLast().position();
    long lastBeta = f.store.readAll(0, 1_000, new io.solstice.core.store.FeedFilter("beta", "Order")).getLast().position();

    Await.until("both partitions heard at their last position", () -> Long.valueOf(lastAcme).equals(heard.get(new SourcePartition("acme", "store:Order")))
        && Long.valueOf(lastBeta).equals(heard.get(new SourcePartition("beta", "store:Order"))));
    assertThat(host.runner("listened").checkpoints()).containsAllEntriesOf(heard);
  }
}
