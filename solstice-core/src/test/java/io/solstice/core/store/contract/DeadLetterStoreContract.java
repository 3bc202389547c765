package io.solstice.core.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.core.StreamName;
import io.solstice.core.store.DeadLetter;
import io.solstice.core.store.DeadLetterStore;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The contract of every {@link DeadLetterStore}: a backend's test extends it and supplies a fresh, empty store. */
public abstract class DeadLetterStoreContract {

  /** A fresh, empty dead-letter store. */
  protected abstract DeadLetterStore deadLetters();

  private static final Instant PARKED_AT = Instant.parse("2025-01-02T03:04:05.123456Z");

  private static DeadLetter letter(String service, String streamId, int attempts, String error) {
    return new DeadLetter(0, service, StreamName.of("acme", "Order", streamId), 3, 17, UUID.randomUUID(), "OrderPlaced",
        attempts, error, PARKED_AT, DeadLetter.Status.PARKED);
  }

  @Test
  void aParkedLetterCanBeFoundByItsId() {
    DeadLetterStore store = deadLetters();
    DeadLetter letter = letter("fraud", "1", 5, "java.io.IOException: gateway down");

    long id = store.park(letter);

    assertThat(store.find(id)).contains(letter.withId(id));
  }

  @Test
  void parkingTheSameEventForTheSameServiceAgainUpdatesTheEntry() {
    DeadLetterStore store = deadLetters();
    DeadLetter first = letter("fraud", "1", 5, "first error");
    long id = store.park(first);
    store.updateStatus(id, DeadLetter.Status.REPLAY_REQUESTED);
    DeadLetter again = new DeadLetter(0, "fraud", first.stream(), first.version(), first.position(), first.eventId(), first.eventType(),
        8, "second error", PARKED_AT.plusSeconds(60), DeadLetter.Status.PARKED);

    long secondId = store.park(again);

    assertThat(secondId).isEqualTo(id);
    assertThat(store.find(id)).contains(again.withId(id));
    assertThat(store.list(null, null, 10)).hasSize(1);
  }

  @Test
  void theSameEventParkedByTwoServicesIsTwoEntries() {
    DeadLetterStore store = deadLetters();
    DeadLetter fraud = letter("fraud", "1", 5, "e");
    DeadLetter mail = new DeadLetter(0, "mail", fraud.stream(), fraud.version(), fraud.position(), fraud.eventId(), fraud.eventType(),
        2, "e", PARKED_AT, DeadLetter.Status.PARKED);

    assertThat(store.park(fraud)).isNotEqualTo(store.park(mail));
  }

  @Test
  void listFiltersByServiceAndStatusOldestFirstUpToMax() {
    DeadLetterStore store = deadLetters();
    long a = store.park(letter("fraud", "1", 1, "e"));
    long b = store.park(letter("fraud", "2", 1, "e"));
    long c = store.park(letter("mail", "3", 1, "e"));
    long d = store.park(letter("fraud", "4", 1, "e"));
    store.updateStatus(b, DeadLetter.Status.RESOLVED);

    assertThat(store.list("fraud", DeadLetter.Status.PARKED, 10)).extracting(DeadLetter::id).containsExactly(a, d);
    assertThat(store.list(null, null, 10)).extracting(DeadLetter::id).containsExactly(a, b, c, d);
    assertThat(store.list(null, null, 2)).extracting(DeadLetter::id).containsExactly(a, b);
    assertThat(store.list("mail", null, 10)).extracting(DeadLetter::id).containsExactly(c);
  }

  @Test
  void updateStatusChangesTheStatusAndReportsUnknownIds() {
    DeadLetterStore store = deadLetters();
    long id = store.park(letter("fraud", "1", 1, "e"));

    assertThat(store.updateStatus(id, DeadLetter.Status.REPLAY_REQUESTED)).isTrue();
    assertThat(store.find(id)).hasValueSatisfying(l -> assertThat(l.status()).isEqualTo(DeadLetter.Status.REPLAY_REQUESTED));
    assertThat(store.updateStatus(id + 1000, DeadLetter.Status.RESOLVED)).isFalse();
    assertThat(store.find(id + 1000)).isEmpty();
  }
}
