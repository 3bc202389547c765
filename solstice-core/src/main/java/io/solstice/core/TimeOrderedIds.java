package io.solstice.core;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Fresh event ids that sort by creation time: UUID version 7 (RFC 9562), 48 bits of Unix
 * milliseconds followed by 74 random bits.
 *
 * <p><b>Why not {@link UUID#randomUUID()}.</b> The store keeps a unique index on event ids. Random
 * (version 4) ids land on a random leaf of that index, so every commit of N events dirties about N
 * index pages all over the file, and each is written to the WAL and again at checkpoint. Ids of
 * events created in the same millisecond share their first six bytes, so a commit's new ids go to
 * the right-most leaf or two, like the position index. {@code randomUUID} also draws from one
 * shared {@code SecureRandom}, a lock under many appending threads.
 *
 * <p><b>Why no library.</b> The layout is ten lines over a clock and a random source. Event ids are
 * not secrets (they are de-duplication keys printed in logs and the API), so a per-thread {@link
 * ThreadLocalRandom} is enough: two ids collide only if two events get the same millisecond and the
 * same 74 random bits. Ids are not strictly monotonic within a millisecond (nothing relies on that;
 * positions give the order).
 *
 * <p>Ids derived from a causation id ({@code EventIds.fromCausation}) are left as they are: they
 * must be the same on every replay, so they cannot carry the time.
 */
public final class TimeOrderedIds {

  private TimeOrderedIds() {}

  /** A new version 7 id for the current time. */
  public static UUID next() {
    return of(System.currentTimeMillis(), ThreadLocalRandom.current());
  }

  /** A version 7 id for the Unix time {@code millis} with random bits from {@code random}. */
  public static UUID of(long millis, RandomGenerator random) {
    long high = (millis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
    long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(high, low);
  }

  /** The Unix milliseconds a version 7 id carries. */
  public static long millis(UUID id) {
    if (id.version() != 7) {
      throw new IllegalArgumentException("not a time-ordered (version 7) id: " + id);
    }
    return id.getMostSignificantBits() >>> 16;
  }
}
