package io.solstice.kafka;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Which published positions the broker has acknowledged, and the highest contiguous one: the
 * publisher's checkpoint. Positions are dense and sent in order, so a ring of flags indexed by
 * position holds the in-flight window: the producer's callbacks set a flag (any thread, lock-free),
 * the publisher's thread {@link #advance()}s over set flags, clearing them. A checkpoint therefore
 * names exactly one position, below which every event was acknowledged, never one merely sent.
 */
final class AckWindow {
  private final AtomicIntegerArray acked;
  private final int mask;
  private volatile long contiguous;

  /** A window of {@code capacity} positions (a power of two) after {@code checkpoint}. */
  AckWindow(int capacity, long checkpoint) {
    if (Integer.bitCount(capacity) != 1) {
      throw new IllegalArgumentException("capacity must be a power of two, was " + capacity);
    }
    this.acked = new AtomicIntegerArray(capacity);
    this.mask = capacity - 1;
    this.contiguous = checkpoint;
  }

  int capacity() {
    return mask + 1;
  }

  /** The broker acknowledged {@code position} (called from the producer's thread). */
  void ack(long position) {
    acked.set((int) (position & mask), 1);
  }

  /** Moves over every acknowledged position right after the contiguous one; returns the new contiguous position. */
  long advance() {
    long c = contiguous;
    while (acked.get((int) ((c + 1) & mask)) == 1) {
      acked.set((int) ((c + 1) & mask), 0);
      c++;
    }
    contiguous = c;
    return c;
  }

  /** The highest position up to which every position is acknowledged. */
  long contiguous() {
    return contiguous;
  }
}
