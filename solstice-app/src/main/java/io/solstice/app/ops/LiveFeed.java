package io.solstice.app.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solstice.commerce.order.Order;
import io.solstice.core.RecordedEvent;
import io.solstice.core.codec.Json;
import io.solstice.core.store.EventStore;
import io.solstice.core.store.FeedFilter;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's feed as it happens, for the console: one reader per process tails the whole feed from
 * the head (on a virtual thread, woken by appends) and hands each new event to every {@link
 * Subscription} whose filter it passes, and counts the orders placed per tenant (count and total)
 * for the overview. Because it reads the store's feed, it sees every process's events, not only this
 * one's.
 *
 * <p>Started by the first {@link #start()} (the console's first look), so a process nobody watches
 * reads nothing more. A subscriber that does not keep up loses events, never slows the reader: its
 * queue holds {@value #QUEUE} events, and what does not fit is counted in {@link
 * Subscription#dropped()}.
 */
public final class LiveFeed implements AutoCloseable {
  /** The stored type of an order placed: the record's name, so a rename is followed here. */
  private static final String PLACED = Order.Placed.class.getSimpleName();
  private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);

  /** The events one subscription holds before it drops. */
  public static final int QUEUE = 2_000;
  private static final int PAGE = 500;

  private final EventStore store;
  private final Duration pollWait;
  private final CopyOnWriteArrayList<Subscription> subscriptions = new CopyOnWriteArrayList<>();
  private final ConcurrentHashMap<String, Orders> orders = new ConcurrentHashMap<>();
  private final ReentrantLock lifecycle = new ReentrantLock();
  private final ObjectMapper mapper = Json.mapper();
  private volatile Thread reader;
  private volatile Instant since;
  private volatile boolean closed;
  private final AtomicLong position = new AtomicLong(-1);

  public LiveFeed(EventStore store, Duration pollWait) {
    this.store = Objects.requireNonNull(store, "store");
    this.pollWait = Objects.requireNonNull(pollWait, "pollWait");
  }

  /** Starts reading from the current head, once; later calls do nothing. */
  public void start() {
    if (reader != null || closed) {
      return;
    }
    lifecycle.lock();
    try {
      if (reader == null && !closed) {
        position.set(store.headPosition());
        since = Instant.now();
        reader = Thread.ofVirtual().name("solstice-live-feed").start(this::run);
      }
    } finally {
      lifecycle.unlock();
    }
  }

  /** When reading began (null before {@link #start()}). */
  public Instant since() {
    return since;
  }

  /** The last position read (-1 before {@link #start()}). */
  public long position() {
    return position.get();
  }

  /**
   * Orders placed per tenant since {@link #since()}: how many, and their totals per currency.
   *
   * @param placed orders placed
   * @param totals their totals, tax included, per currency
   */
  public record OrderTotals(long placed, Map<String, BigDecimal> totals) {}

  /** Per tenant, in tenant order. */
  public Map<String, OrderTotals> orders() {
    Map<String, OrderTotals> out = new TreeMap<>();
    orders.forEach((tenant, o) -> out.put(tenant, o.snapshot()));
    return out;
  }

  /**
   * Subscribes to new events of {@code tenant} (null: all tenants) in {@code categories} (empty:
   * all). Starts the reader if needed. Close the subscription when done.
   */
  public Subscription subscribe(String tenant, Set<String> categories) {
    start();
    Subscription s = new Subscription(tenant, Set.copyOf(categories));
    subscriptions.add(s);
    return s;
  }

  /** Ends every subscription (their {@link Subscription#poll} returns null at once); new ones may follow. */
  public void closeSubscriptions() {
    for (Subscription s : subscriptions) {
      s.close();
    }
  }

  /** Stops the reader and ends every subscription. */
  @Override
  public void close() {
    closed = true;
    closeSubscriptions();
    Thread t = reader;
    if (t != null) {
      t.interrupt();
      try {
        t.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    while (!closed) {
      try {
        long after = position.get();
        if (!store.awaitAppend(after, pollWait)) {
          continue;
        }
        List<RecordedEvent> page = store.readAll(after, PAGE, FeedFilter.ALL);
        for (RecordedEvent e : page) {
          count(e);
          for (Subscription s : subscriptions) {
            s.offer(e);
          }
          position.set(e.position());
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (closed) {
          return;
        }
        log.warn("live feed: reading the store after position {} failed ({}); retrying in {}", position.get(), e.toString(), pollWait);
        try {
          Thread.sleep(pollWait);
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  /** Counts an order placed: its stream is {@code tenant:Order-id}, its type {@code Placed}, its data has {@code totals.total}. */
  private void count(RecordedEvent e) {
    if (!e.type().equals(PLACED) || !e.stream().category().equals(Order.CATEGORY)) {
      return;
    }
    Orders o = orders.computeIfAbsent(e.stream().tenant(), t -> new Orders());
    BigDecimal amount = null;
    String currency = null;
    try {
      JsonNode total = mapper.readTree(e.data()).path("totals").path("total");
      if (total.path("amount").isNumber() || total.path("amount").isTextual()) {
        amount = new BigDecimal(total.path("amount").asText());
        currency = total.path("currency").asText(null);
      }
    } catch (IOException | NumberFormatException ex) {
      log.debug("live feed: no total in {}: {}", e, ex.toString());
    }
    o.add(amount, currency);
  }

  private static final class Orders {
    private final ReentrantLock lock = new ReentrantLock();
    private long placed;
    private final Map<String, BigDecimal> totals = new TreeMap<>();

    void add(BigDecimal amount, String currency) {
      lock.lock();
      try {
        placed++;
        if (amount != null && currency != null) {
          totals.merge(currency, amount, BigDecimal::add);
        }
      } finally {
        lock.unlock();
      }
    }

    OrderTotals snapshot() {
      lock.lock();
      try {
        return new OrderTotals(placed, Map.copyOf(totals));
      } finally {
        lock.unlock();
      }
    }
  }

  /** New events for one watcher, in position order, with what did not fit counted. */
  public final class Subscription implements AutoCloseable {
    private final String tenant;
    private final Set<String> categories;
    private final BlockingQueue<RecordedEvent> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean ended;

    private Subscription(String tenant, Set<String> categories) {
      this.tenant = tenant;
      this.categories = categories;
    }

    /** True when this subscription wants {@code e}. */
    public boolean matches(RecordedEvent e) {
      return (tenant == null || tenant.equals(e.stream().tenant())) && (categories.isEmpty() || categories.contains(e.stream().category()));
    }

    private void offer(RecordedEvent e) {
      if (!ended && matches(e) && !queue.offer(e)) {
        dropped.incrementAndGet();
      }
    }

    /** The next event, waiting up to {@code timeout}; null on time-out or once closed. */
    public RecordedEvent poll(Duration timeout) throws InterruptedException {
      if (ended) {
        return null;
      }
      return queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** True once closed (by the watcher, or because the feed is stopping). */
    public boolean ended() {
      return ended;
    }

    /** How many events did not fit in the queue so far. */
    public long dropped() {
      return dropped.get();
    }

    @Override
    public void close() {
      ended = true;
      subscriptions.remove(this);
    }
  }
}
