package io.solstice.pipeline;

import java.util.ArrayDeque;

/**
 * Tracks which input of one {@link SourcePartition} is completed and computes the checkpoint: the
 * highest offset such that every event delivered up to and including it is completed.
 *
 * <h2>Algorithm</h2>
 *
 * Input arrives in pages (deliveries) whose offsets only grow. Each page is registered with its
 * last offset and the number of its events that still need handling (events the decoder skipped
 * are complete at once and are not counted). The tracker keeps the registered pages in a FIFO
 * queue; completing events of a page decrements its remaining count. Whenever the page at the head
 * of the queue reaches zero it is removed and the checkpoint moves to its last offset, and so on
 * down the queue. Pages completing out of order therefore wait in the queue until every page before
 * them is complete: the checkpoint only ever covers contiguously completed input, so a crash
 * replays the unfinished tail and never skips any of it.
 *
 * <p>Costs: O(1) to register, amortised O(1) to complete. Memory is one small object per page in
 * flight, bounded by the service's read-ahead. Not thread-safe: the service's runner guards it with
 * its lock.
 */
final class CheckpointTracker {

  /** One registered page. */
  static final class Page {
    final long lastOffset;
    final long firstTimestampMillis;
    int remaining;

    Page(long lastOffset, int remaining, long firstTimestampMillis) {
      this.lastOffset = lastOffset;
      this.remaining = remaining;
      this.firstTimestampMillis = firstTimestampMillis;
    }
  }

  private final ArrayDeque<Page> pages = new ArrayDeque<>();
  private long checkpoint;
  private long lastRegistered;
  private long outstanding;

  /** A tracker starting after {@code checkpoint} (the offset already completed). */
  CheckpointTracker(long checkpoint) {
    this.checkpoint = checkpoint;
    this.lastRegistered = checkpoint;
  }

  /**
   * Registers a page ending at {@code lastOffset} with {@code items} events to complete.
   *
   * @throws IllegalArgumentException if {@code lastOffset} is not past the last registered offset
   */
  Page register(long lastOffset, int items, long firstTimestampMillis) {
    if (lastOffset <= lastRegistered) {
      throw new IllegalArgumentException("page ending at offset " + lastOffset + " is not past the last registered offset "
          + lastRegistered + "; a source must deliver each partition's offsets in ascending order");
    }
    if (items < 0) {
      throw new IllegalArgumentException("items must be >= 0, was " + items);
    }
    lastRegistered = lastOffset;
    Page page = new Page(lastOffset, items, firstTimestampMillis);
    outstanding += items;
    pages.addLast(page);
    advance();
    return page;
  }

  /**
   * Marks {@code n} events of {@code page} completed.
   *
   * @return true if the checkpoint moved
   */
  boolean complete(Page page, int n) {
    if (n < 0 || n > page.remaining) {
      throw new IllegalStateException("cannot complete " + n + " events of the page ending at " + page.lastOffset
          + ": it has " + page.remaining + " left");
    }
    page.remaining -= n;
    outstanding -= n;
    return page.remaining == 0 && advance();
  }

  private boolean advance() {
    boolean moved = false;
    Page head;
    while ((head = pages.peekFirst()) != null && head.remaining == 0) {
      pages.pollFirst();
      checkpoint = head.lastOffset;
      moved = true;
    }
    return moved;
  }

  /** The highest offset up to which every delivered event is completed. */
  long checkpoint() {
    return checkpoint;
  }

  /** Events delivered and not yet completed. */
  long outstanding() {
    return outstanding;
  }

  /** The timestamp (epoch millis) of the first event of the oldest incomplete page, or -1 when all are complete. */
  long oldestPendingMillis() {
    Page head = pages.peekFirst();
    return head == null ? -1 : head.firstTimestampMillis;
  }
}
