package io.solstice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import io.solstice.core.memory.MemoryCheckpointStore;
import io.solstice.core.memory.MemoryLeaseStore;
import io.solstice.core.store.CheckpointKey;
import io.solstice.core.store.Lease;
import io.solstice.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances of one service on one store feed, as two processes would run them: one is active,
 * the other stands by and takes over when the active one dies; a stale instance never moves a
 * checkpoint.
 */
class StandbyTest {
  private static final Duration TTL = Duration.ofSeconds(1);

  private final Fixture f = new Fixture("acme");
  private final MemoryLeaseStore leases = new MemoryLeaseStore();
  private final MemoryCheckpointStore checkpoints = new MemoryCheckpointStore(leases);
  private final Map<String, List<Long>> handledBy = new ConcurrentHashMap<>();
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : toClose.reversed()) {
      c.close();
    }
  }

  private Service<RecordedEvent, RecordedEvent> service(String instance) {
    return Service.named("orders").consume("store:Order")
        .decode(e -> Optional.of(e))
        .handle(e -> {
          handledBy.computeIfAbsent(instance, i -> Collections.synchronizedList(new ArrayList<>())).add(e.position());
          return e;
        })
        .interpret((out, ctx) -> {})
        .build();
  }

  /** An instance: a host whose keeper holds leases as {@code name}. */
  private record Instance(ServiceHost host, LeaseKeeper keeper) {}

  private Instance start(String name) {
    LeaseKeeper keeper = new LeaseKeeper(leases, name, TTL, Sleeper.SYSTEM);
    ServiceHost host = f.host().checkpoints(checkpoints).leases(keeper).service(service(name)).build();
    host.start();
    toClose.add(keeper);
    toClose.add(() -> host.stop(Duration.ofSeconds(5)));
    return new Instance(host, keeper);
  }

  private int handled(String instance) {
    return handledBy.getOrDefault(instance, List.of()).size();
  }

  private void append(int n) {
    f.append(StreamName.of("acme", "Order", "o"), "Placed", n);
  }

  @Test
  void onlyOneInstanceIsActiveAndTheOtherStandsBy() {
    Instance a = start("a");
    Await.until("a active", () -> "active".equals(a.host().roles().get("orders")));
    Instance b = start("b");
    append(20);

    Await.until("every event handled", () -> handled("a") == 20);
    assertThat(b.host().roles()).containsEntry("orders", "standby");
    assertThat(b.host().health().services()).containsEntry("orders", "STANDBY");
    assertThat(handled("b")).isZero();
  }

  @Test
  void theStandbyTakesOverWhenTheActiveInstanceDiesAndSkipsNothing() {
    Instance a = start("a");
    Await.until("a active", () -> "active".equals(a.host().roles().get("orders")));
    Instance b = start("b");
    append(10);
    Await.until("a handled the first events", () -> handled("a") == 10);
    a.host().flushCheckpoints();

    a.host().abort(); // a crash: no checkpoint stored, no lease released, nothing renewed
    a.keeper().abort();
    append(10);

    Await.until("b took over", () -> "active".equals(b.host().roles().get("orders")));
    Await.until("b handled what a left", () -> handledBy.getOrDefault("b", List.of()).contains(20L));
    List<Long> all = new ArrayList<>(handledBy.get("a"));
    all.addAll(handledBy.get("b"));
    for (long p = 1; p <= 20; p++) {
      assertThat(all).as("position %s handled", p).contains(p);
    }
  }

  @Test
  void aStaleInstanceCannotMoveTheCheckpointAfterAnotherTookOver() {
    Instance a = start("a");
    Await.until("a active", () -> "active".equals(a.host().roles().get("orders")));
    Lease aLease = leases.list().stream().filter(l -> l.holder().equals("a")).map(l -> new Lease(l.name(), l.holder(), l.token()))
        .findFirst().orElseThrow();
    append(5);
    Await.until("a handled", () -> handled("a") == 5);
    a.host().flushCheckpoints();
    long stored = checkpoints.load(new CheckpointKey("orders", "acme", "store:Order"));

    // a stalls (its keeper stops renewing) and b takes over once the lease expires
    a.keeper().abort();
    Await.until("the lease expired and b took it", () -> leases.tryAcquire(ServiceHost.leaseName("orders"), "b", TTL).isPresent());
    append(5);
    Await.until("a read on, as a stale instance would", () -> handled("a") == 10);
    a.host().flushCheckpoints();

    assertThat(checkpoints.load(new CheckpointKey("orders", "acme", "store:Order"))).isEqualTo(stored);
    assertThat(aLease.holder()).isEqualTo("a");
    Await.until("the fenced-out instance stood down", () -> !"active".equals(a.host().roles().get("orders")));
  }
}
