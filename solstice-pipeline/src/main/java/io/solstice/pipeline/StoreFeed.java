package io.solstice.pipeline;

import io.solstice.core.RecordedEvent;
import io.solstice.core.store.CommitListener;
import io.solstice.core.store.EventStore;
import io.solstice.core.store.FeedFilter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One store's feed, read once per process and shared by every service of a {@link ServiceHost}:
 * the tail of the feed, held in memory, that each service's {@link StoreSource} reads from instead
 * of querying the store.
 *
 * <h2>Algorithm</h2>
 *
 * The window is a ring of the last {@code capacity} events, by position: positions are dense (every
 * commit takes the next positions under the store's write lock), so slot {@code position mod
 * capacity} holds the event at {@code position}, and the window is every position from {@code
 * first()} to {@code last()}. One virtual thread, the <b>tailer</b>, is the only writer:
 *
 * <ol>
 *   <li>The store tells it of each commit this process makes ({@link EventStore#onCommit}) with the
 *       events written; the callback only queues them. The store calls it before it wakes readers
 *       waiting in {@link EventStore#awaitAppend}, so when the tailer wakes, a local commit's events
 *       are already queued: appending them costs no statement.
 *   <li>A queued commit that starts right after {@code last()} is appended as is. One that starts
 *       further on means another process committed the positions in between: the tailer reads
 *       exactly that gap from the store first. One at or below {@code last()} is already held.
 *   <li>With nothing queued it waits in {@link EventStore#awaitAppend} (woken by this process's
 *       commits, by PostgreSQL notifications of other processes' commits, or after {@code pollWait})
 *       and, if the store's head moved past {@code last()} with nothing queued, reads the new
 *       events from the store in pages.
 * </ol>
 *
 * Since the tailer only ever appends position {@code last() + 1}, the window is gap-free like the
 * feed itself. It never waits for its readers: a reader that falls more than {@code capacity}
 * events behind finds its position gone ({@link #after} returns null) and reads the store itself
 * until it catches up; no reader can stall the others.
 *
 * <p>Readers copy events out under a lock held for the copy only; they wait for new events on a
 * condition the tailer signals after each append.
 */
final class StoreFeed implements FeedTail {
  private static final Logger log = LoggerFactory.getLogger(StoreFeed.class);
  private static final int READ_PAGE = 1_000;

  private final EventStore store;
  private final RecordedEvent[] ring;
  private final int mask;
  private final Duration pollWait;
  private final ConcurrentLinkedQueue<List<RecordedEvent>> committed = new ConcurrentLinkedQueue<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition appended = lock.newCondition();
  private CommitListener.Registration registration;
  private Thread tailer;
  private volatile boolean closed;
  private volatile long first;
  private volatile long last;
  private volatile Throwable failure;

  /**
   * A feed over {@code store} holding its last {@code capacity} events (rounded up to a power of
   * two), waking at least every {@code pollWait} to look for commits no one reported.
   */
  StoreFeed(EventStore store, int capacity, Duration pollWait) {
    if (capacity < 2 || capacity > (1 << 24)) {
      throw new IllegalArgumentException("feed window capacity must be 2 to 16777216 events, was " + capacity);
    }
    this.store = store;
    int size = Integer.highestOneBit(capacity - 1) << 1;
    this.ring = new RecordedEvent[size];
    this.mask = size - 1;
    this.pollWait = pollWait;
  }

  /** Starts tailing at the store's current head: the window holds what is committed from now on. */
  void start() {
    registration = store.onCommit(events -> committed.add(events));
    long head = store.headPosition();
    last = head;
    first = head + 1;
    tailer = Thread.ofVirtual().name("solstice-feed").start(this::tail);
  }

  /** The first position the window holds (greater than {@link #last()} while it is empty). */
  long first() {
    return first;
  }

  /** The last position the window holds: every commit up to it has been seen. */
  @Override
  public long last() {
    return last;
  }

  /**
   * Up to {@code max} events with positions greater than {@code after}, in order; empty if none is
   * there yet; null if the window has already dropped position {@code after + 1} (the caller must
   * read the store).
   */
  @Override
  public List<RecordedEvent> after(long after, int max) {
    lock.lock();
    try {
      if (after + 1 < first) {
        return null;
      }
      long to = Math.min(last, after + max);
      if (to <= after) {
        return List.of();
      }
      List<RecordedEvent> events = new ArrayList<>((int) (to - after));
      for (long p = after + 1; p <= to; p++) {
        events.add(ring[(int) (p & mask)]);
      }
      return events;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until the window holds a position greater than {@code after}, at most {@code nanos}.
   *
   * @return true if it does
   * @throws IllegalStateException if the tailer died (the message says why)
   */
  @Override
  public boolean await(long after, long nanos) throws InterruptedException {
    if (last > after) {
      return true;
    }
    lock.lockInterruptibly();
    try {
      long remaining = nanos;
      while (last <= after && remaining > 0 && !closed) {
        checkAlive();
        remaining = appended.awaitNanos(remaining);
      }
      checkAlive();
      return last > after;
    } finally {
      lock.unlock();
    }
  }

  private void checkAlive() {
    if (failure != null) {
      throw new IllegalStateException("the feed reader of " + store + " stopped: " + failure, failure);
    }
  }

  private void tail() {
    long backoffMillis = 100;
    while (!closed) {
      try {
        if (!drainCommitted()) {
          if (store.awaitAppend(last, pollWait) && committed.isEmpty()) {
            readStore(Long.MAX_VALUE);
          }
        }
        backoffMillis = 100;
      } catch (InterruptedException e) {
        if (!closed) {
          log.warn("feed reader of {} interrupted while open; going on", store);
        }
      } catch (RuntimeException e) {
        if (closed) {
          return;
        }
        log.warn("feed reader of {}: reading failed ({}); retrying in {} ms", store, e.toString(), backoffMillis);
        try {
          Thread.sleep(backoffMillis);
        } catch (InterruptedException ie) {
          return;
        }
        backoffMillis = Math.min(backoffMillis * 2, 5_000);
      } catch (Error e) {
        failure = e;
        signalAll();
        throw e;
      }
    }
  }

  /** Appends every queued commit, reading the gaps before them; false if none was queued. */
  private boolean drainCommitted() {
    List<RecordedEvent> events = committed.poll();
    if (events == null) {
      return false;
    }
    do {
      long firstPosition = events.getFirst().position();
      if (firstPosition > last + 1) {
        readStore(firstPosition - 1); // another process committed in between
      }
      List<RecordedEvent> fresh = new ArrayList<>(events.size());
      for (RecordedEvent e : events) {
        if (e.position() == last + 1 + fresh.size()) {
          fresh.add(e);
        }
      }
      append(fresh);
    } while ((events = committed.poll()) != null);
    return true;
  }

  /** Reads the store's feed after {@link #last()} up to position {@code upTo} (inclusive), appending it. */
  private void readStore(long upTo) {
    while (last < upTo) {
      int max = (int) Math.min(READ_PAGE, upTo - last);
      List<RecordedEvent> page = store.readAll(last, max, FeedFilter.ALL);
      if (page.isEmpty()) {
        return;
      }
      append(page);
      if (page.size() < max) {
        return;
      }
    }
  }

  private void append(List<RecordedEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    lock.lock();
    try {
      for (RecordedEvent e : events) {
        if (e.position() != last + 1) {
          throw new IllegalStateException("feed of " + store + " jumped from position " + last + " to " + e.position()
              + "; positions must be dense");
        }
        ring[(int) (e.position() & mask)] = e;
        last = e.position();
      }
      first = Math.max(first, last - mask);
      appended.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void signalAll() {
    lock.lock();
    try {
      appended.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    closed = true;
    if (registration != null) {
      registration.close();
    }
    if (tailer != null) {
      tailer.interrupt();
      try {
        tailer.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    signalAll();
  }
}
