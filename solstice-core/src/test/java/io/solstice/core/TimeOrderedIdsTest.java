package io.solstice.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.solstice.core.decider.EventIds;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

  @Test
  void idsAreVersion7WithTheRfcVariantAndCarryTheirMillisecond() {
    long millis = 1_764_000_000_123L;
    UUID id = TimeOrderedIds.of(millis, new SplittableRandom(1));
    assertEquals(7, id.version());
    assertEquals(2, id.variant());
    assertEquals(millis, TimeOrderedIds.millis(id));
  }

  @Test
  void idsOfLaterMillisecondsSortAfterEarlierOnesAsUuidsAndAsText() {
    SplittableRandom random = new SplittableRandom(2);
    UUID previous = TimeOrderedIds.of(1_000, random);
    for (long millis = 1_001; millis < 3_000; millis++) {
      UUID next = TimeOrderedIds.of(millis, random);
      // UUID.compareTo compares signed longs; the time field keeps the sign bit clear until the year 10889.
      assertTrue(next.compareTo(previous) > 0, next + " after " + previous);
      assertTrue(next.toString().compareTo(previous.toString()) > 0, "text of " + next + " after " + previous);
      previous = next;
    }
  }

  @Test
  void idsOfOneMillisecondAreDistinct() {
    Set<UUID> seen = new HashSet<>();
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 100_000; i++) {
      assertTrue(seen.add(TimeOrderedIds.of(42, random)));
    }
  }

  @Test
  void freshEventsAndRandomEventIdsAreTimeOrderedWhileDerivedIdsStayNameBased() {
    StreamName stream = StreamName.of("acme", "Order", "o1");
    assertEquals(7, EventData.of("Placed", new byte[0]).eventId().version());
    assertEquals(7, EventIds.RANDOM.idFor(stream, 0).version());
    UUID derived = EventIds.fromCausation("fraud:e1").idFor(stream, 0);
    assertEquals(3, derived.version());
    assertEquals(derived, EventIds.fromCausation("fraud:e1").idFor(stream, 0));
  }

  @Test
  void millisRefusesAnIdThatIsNotVersion7() {
    assertThrows(IllegalArgumentException.class, () -> TimeOrderedIds.millis(UUID.randomUUID()));
  }
}
