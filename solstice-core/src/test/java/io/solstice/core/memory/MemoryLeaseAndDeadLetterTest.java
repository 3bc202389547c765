package io.solstice.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solstice.core.StreamName;
import io.solstice.core.store.DeadLetter;
import io.solstice.core.store.Lease;
import io.solstice.core.store.LeaseStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The memory lease store's expiry instant, and the memory dead-letter store's answers and locking. */
class MemoryLeaseAndDeadLetterTest {
  private final AtomicLong millis = new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
  private final MemoryLeaseStore leases = new MemoryLeaseStore(() -> Instant.ofEpochMilli(millis.get()));
  private static final Duration TTL = Duration.ofSeconds(10);

  @Test
  void aLeaseIsHeldUpToItsExpiryInstantAndNotAtIt() {
    Lease lease = leases.tryAcquire("publisher", "a", TTL).orElseThrow();

    millis.addAndGet(TTL.toMillis() - 1);
    assertThat(leases.holds(lease)).isTrue();
    assertThat(leases.list()).containsExactly(new LeaseStore.LeaseInfo("publisher", "a", 1, true));
    assertThat(leases.tryAcquire("publisher", "b", TTL)).as("another holder, a millisecond before expiry").isEmpty();

    millis.addAndGet(1);
    assertThat(leases.holds(lease)).isFalse();
    assertThat(leases.list()).containsExactly(new LeaseStore.LeaseInfo("publisher", "a", 1, false));
    assertThat(leases.renew(List.of(lease), TTL)).as("renewing at the expiry instant").isEmpty();
    assertThat(leases.tryAcquire("publisher", "b", TTL)).contains(new Lease("publisher", "b", 2));
  }

  @Test
  void aRenewalAMillisecondBeforeExpiryExtendsTheLeaseByTheTtl() {
    Lease lease = leases.tryAcquire("publisher", "a", TTL).orElseThrow();
    millis.addAndGet(TTL.toMillis() - 1);

    assertThat(leases.renew(List.of(lease), TTL)).containsExactly(lease);

    millis.addAndGet(TTL.toMillis() - 1);
    assertThat(leases.holds(lease)).isTrue();
  }

  private final MemoryDeadLetterStore deadLetters = new MemoryDeadLetterStore();

  private static DeadLetter letter(String service) {
    return new DeadLetter(0, service, StreamName.of("acme", "Order", "1"), 3, 17, UUID.randomUUID(), "Placed", 5, "boom",
        Instant.parse("2026-01-01T00:00:00Z"), DeadLetter.Status.PARKED);
  }

  @Test
  void changingTheStatusOfAnUnknownLetterSaysSoAndOfAKnownOneSaysDone() {
    long id = deadLetters.park(letter("fraud"));

    assertThat(deadLetters.updateStatus(id + 1, DeadLetter.Status.REPLAY_REQUESTED)).isFalse();
    assertThat(deadLetters.updateStatus(id, DeadLetter.Status.REPLAY_REQUESTED)).isTrue();
    assertThat(deadLetters.find(id).orElseThrow().status()).isEqualTo(DeadLetter.Status.REPLAY_REQUESTED);
  }

  @Test
  void listingTakesAtMostMaxLettersAndZeroTakesNone() {
    deadLetters.park(letter("fraud"));
    deadLetters.park(letter("fraud"));

    assertThat(deadLetters.list(null, null, 0)).isEmpty();
    assertThat(deadLetters.list(null, null, 1)).hasSize(1);
    assertThatThrownBy(() -> deadLetters.list(null, null, -1)).hasMessage("max must be >= 0, was -1");
  }

  @Test
  void callsFromOneThreadAfterAnotherNeverWaitOnEachOther() throws Exception {
    List<Callable<?>> calls = List.of(
        () -> deadLetters.park(letter("fraud")),
        () -> deadLetters.list("fraud", null, 10),
        () -> deadLetters.find(1),
        () -> deadLetters.updateStatus(1, DeadLetter.Status.REPLAY_REQUESTED),
        () -> deadLetters.updateStatus(99, DeadLetter.Status.REPLAY_REQUESTED),
        () -> deadLetters.park(letter("mail")));
    // each call on a thread of its own, one after the other: a lock left held by one would stop the next
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Callable<?> call : calls) {
        threads.submit(call).get(1, TimeUnit.MINUTES);
      }
    }
    assertThat(deadLetters.list(null, null, 10)).hasSize(2);
  }
}
