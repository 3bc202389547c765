package io.solstice.pipeline;

import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import io.solstice.core.store.EventStore;
import io.solstice.core.store.FeedFilter;
import io.solstice.core.store.TenantEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A source that tails the event store's feed, with one partition per tenant (and category).
 *
 * <h2>URI syntax</h2>
 *
 * <pre>
 * store:[CATEGORIES][?tenant=TENANTS][&amp;page=N]
 *
 * store:                     every category of every tenant
 * store:*                    the same
 * store:Order                category Order of every tenant
 * store:Order,Payment        categories Order and Payment (a partition each per tenant)
 * store:Order?tenant=acme    category Order of tenant acme only
 * store:?tenant=acme,globex  everything of tenants acme and globex
 * store:Order?page=500       pages of 500 events instead of the service's page size
 * </pre>
 *
 * Each tenant × category is a {@link SourcePartition} named {@code store:CATEGORY} (or {@code
 * store:*}); its offsets are the store's global positions, and its checkpoint is kept in the
 * service's checkpoint store.
 *
 * <h2>Reading: one shared scan, and catch-up per partition</h2>
 *
 * Inside a {@link ServiceHost} every store source reads the host's {@link StoreFeed}, the tail of
 * the feed that the process reads once for all its services. A reader keeps a <b>scan position</b>
 * {@code G}: every event of its partitions up to {@code G} has been delivered, except for detached
 * partitions (below). Each partition is either
 *
 * <ul>
 *   <li><b>attached</b>: its events come from the scan. A poll takes the events after {@code G}
 *       from the shared window (no statement), keeps those of its categories and tenants, and hands
 *       each attached partition its events while its read-ahead has room; or
 *   <li><b>detached</b>, with its own cursor below {@code G}: it catches up through the store's
 *       per-tenant feed index, a page per poll, and attaches again once a read reaches {@code G}.
 * </ul>
 *
 * A partition detaches when its read-ahead is full as the scan reaches one of its events (its
 * cursor stays just before that event), so one tenant's flood never holds the scan back for the
 * others. At start every partition of the tenants in the directory is detached at its stored
 * checkpoint and {@code G} is the head read before listing the tenants: a tenant registered later
 * appends only after it is registered, hence only after {@code G}, so the scan meets its first
 * event and the partition is created attached. When the window no longer holds {@code G + 1}
 * (this service fell more than the window behind), the scan reads the store's feed itself until it
 * is back inside the window: a slow service reads its own backlog and never stalls the others.
 * The catch-up pages of several detached partitions are read concurrently ({@link CatchUpReads}).
 *
 * <p>Outside a host ({@link #open(Context)}), the scan reads the store directly.
 */
public final class StoreSource implements Source {

  /** The scheme, {@code store}. */
  public static final String SCHEME = "store";

  /** The most events one poll takes from the shared window. */
  private static final int SCAN_WINDOW = 4_096;

  private final String uri;
  private final EventStore store;
  private final List<String> categories;
  private final List<String> tenants;
  private final int pageSize;

  private StoreSource(String uri, EventStore store, List<String> categories, List<String> tenants, int pageSize) {
    this.uri = uri;
    this.store = store;
    this.categories = categories;
    this.tenants = tenants;
    this.pageSize = pageSize;
  }

  /** The store this source reads. */
  EventStore store() {
    return store;
  }

  /** The {@link SourceFactory} for {@code store:} URIs. */
  public static SourceFactory factory() {
    return StoreSource::parse;
  }

  /**
   * Parses a {@code store:} URI.
   *
   * @throws IllegalArgumentException naming the bad part
   */
  public static StoreSource parse(String uri, EventStore store, int defaultPageSize) {
    Objects.requireNonNull(store, "store");
    if (uri == null || !uri.startsWith(SCHEME + ":")) {
      throw new IllegalArgumentException("not a store source URI: " + uri + "; expected store:[CATEGORIES][?tenant=TENANTS]");
    }
    String rest = uri.substring(SCHEME.length() + 1);
    int q = rest.indexOf('?');
    String path = q < 0 ? rest : rest.substring(0, q);
    String query = q < 0 ? "" : rest.substring(q + 1);
    List<String> categories = new ArrayList<>();
    if (!path.isEmpty() && !path.equals("*")) {
      for (String c : path.split(",", -1)) {
        try {
          categories.add(StreamName.requireCategory(c));
        } catch (RuntimeException e) {
          throw new IllegalArgumentException("source " + uri + ": " + e.getMessage(), e);
        }
      }
    }
    List<String> tenants = new ArrayList<>();
    int pageSize = defaultPageSize;
    if (!query.isEmpty()) {
      for (String param : query.split("&")) {
        int eq = param.indexOf('=');
        String key = eq < 0 ? param : param.substring(0, eq);
        String value = eq < 0 ? "" : param.substring(eq + 1);
        switch (key) {
          case "tenant" -> {
            for (String t : value.split(",", -1)) {
              try {
                tenants.add(StreamName.requireTenant(t));
              } catch (RuntimeException e) {
                throw new IllegalArgumentException("source " + uri + ": " + e.getMessage(), e);
              }
            }
          }
          case "page" -> {
            try {
              pageSize = Integer.parseInt(value);
            } catch (NumberFormatException e) {
              pageSize = 0;
            }
            if (pageSize < 1) {
              throw new IllegalArgumentException("source " + uri + ": page must be a positive number, was " + value);
            }
          }
          default -> throw new IllegalArgumentException("source " + uri + ": unknown parameter " + key
              + "; store sources take tenant= and page=");
        }
      }
    }
    return new StoreSource(uri, store, List.copyOf(categories), List.copyOf(tenants), pageSize);
  }

  @Override
  public String uri() {
    return uri;
  }

  /** The categories read; empty for all. */
  public List<String> categories() {
    return categories;
  }

  /** The tenants read; empty for every tenant in the directory. */
  public List<String> tenants() {
    return tenants;
  }

  public int pageSize() {
    return pageSize;
  }

  @Override
  public Reader open(Context context) {
    return open(context, s -> null);
  }

  /**
   * A reader scanning the shared feed {@code feeds} gives for each of the store's feeds ({@link
   * EventStore#feeds()}: one, or one per store a routing store places tenants in).
   */
  Reader open(Context context, java.util.function.Function<EventStore, StoreFeed> feeds) {
    List<EventStore> stores = store.feeds();
    if (stores.size() == 1) {
      return new StoreReader(context, stores.getFirst(), feeds.apply(stores.getFirst()));
    }
    List<StoreReader> readers = new ArrayList<>(stores.size());
    for (EventStore s : stores) {
      readers.add(new StoreReader(context, s, feeds.apply(s)));
    }
    return new EachFeed(readers);
  }

  /**
   * Reads several stores' feeds (a routing store's pooled and dedicated stores): each store's
   * partitions are read as one store's would be; the reader waits (briefly) only when none of them
   * had anything.
   */
  private static final class EachFeed implements Reader {
    private static final Duration WAIT_EACH = Duration.ofMillis(20);
    private final List<StoreReader> readers;

    EachFeed(List<StoreReader> readers) {
      this.readers = readers;
    }

    @Override
    public Poll poll(ReadAhead readAhead, Duration maxWait) throws InterruptedException {
      List<Delivery> deliveries = new ArrayList<>();
      boolean held = false;
      for (StoreReader r : readers) {
        Poll p = r.poll(readAhead, Duration.ZERO);
        deliveries.addAll(p.deliveries());
        held |= p.held();
      }
      if (deliveries.isEmpty() && !held) {
        Duration wait = maxWait.compareTo(WAIT_EACH) < 0 ? maxWait : WAIT_EACH;
        readers.getFirst().waitForMore(wait);
      }
      return new Poll(deliveries, held);
    }

    @Override
    public void close() {
      readers.forEach(StoreReader::close);
    }
  }

  private final class StoreReader implements Reader {
    private final Context context;
    private final EventStore store;
    private final StoreFeed feed;
    private final Map<SourcePartition, Cursor> cursors = new LinkedHashMap<>();
    private final FeedFilter scanFilter;
    private long scanned = -1;

    StoreReader(Context context, EventStore store, StoreFeed feed) {
      this.context = context;
      this.store = store;
      this.feed = feed;
      this.scanFilter = tenants.size() == 1 ? new FeedFilter(tenants.getFirst(), categories.size() == 1 ? categories.getFirst() : null)
          : FeedFilter.ALL;
    }

    @Override
    public Poll poll(ReadAhead readAhead, Duration maxWait) throws InterruptedException {
      if (scanned < 0) {
        start();
      }
      Map<SourcePartition, Integer> taken = new HashMap<>();
      Map<SourcePartition, List<RecordedEvent>> batches = new LinkedHashMap<>();
      scan(readAhead, taken, batches);
      boolean held = catchUp(readAhead, taken, batches);
      List<Delivery> deliveries = new ArrayList<>(batches.size());
      batches.forEach((p, events) -> deliveries.add(Delivery.ofPositions(p, events)));
      if (deliveries.isEmpty() && !held && !maxWait.isZero()) {
        waitForMore(maxWait);
      }
      return new Poll(deliveries, held);
    }

    /** Waits up to {@code maxWait} for an event past the scan position. */
    void waitForMore(Duration maxWait) throws InterruptedException {
      if (feed != null) {
        feed.await(scanned, maxWait.toNanos());
      } else {
        store.awaitAppend(scanned, maxWait);
      }
    }

    /** Reads the head, then the tenants, and detaches every known partition at its checkpoint. */
    private void start() {
      long head = feed != null ? feed.last() : store.headPosition();
      List<String> ids = tenants.isEmpty() ? store.tenants().list().stream().map(TenantEntry::tenant).toList() : tenants;
      for (String tenant : ids) {
        if (categories.isEmpty()) {
          add(tenant, null, head);
        } else {
          for (String category : categories) {
            add(tenant, category, head);
          }
        }
      }
      scanned = head;
    }

    private Cursor add(String tenant, String category, long head) {
      SourcePartition p = new SourcePartition(tenant, SCHEME + ":" + (category == null ? "*" : category));
      long checkpoint = context.checkpoint(p);
      Cursor c = new Cursor(p, new FeedFilter(tenant, category), checkpoint, checkpoint >= head);
      cursors.put(p, c);
      return c;
    }

    /** Takes the events after the scan position from the window (or the store), for the attached partitions. */
    private void scan(ReadAhead readAhead, Map<SourcePartition, Integer> taken, Map<SourcePartition, List<RecordedEvent>> batches) {
      List<RecordedEvent> events = feed == null ? null : feed.after(scanned, SCAN_WINDOW);
      if (events == null) {
        events = store.readAll(scanned, pageSize, scanFilter);
      }
      for (RecordedEvent e : events) {
        scanned = e.position();
        StreamName stream = e.stream();
        if (!tenants.isEmpty() && !tenants.contains(stream.tenant())) {
          continue;
        }
        if (!categories.isEmpty() && !categories.contains(stream.category())) {
          continue;
        }
        SourcePartition p = new SourcePartition(stream.tenant(), SCHEME + ":" + (categories.isEmpty() ? "*" : stream.category()));
        Cursor c = cursors.get(p);
        if (c == null) {
          c = add(stream.tenant(), categories.isEmpty() ? null : stream.category(), Long.MIN_VALUE);
          c.attached = true; // a partition first met by the scan has no earlier event left to deliver
        }
        if (!c.attached || e.position() <= c.after) {
          continue;
        }
        int t = taken.getOrDefault(p, 0);
        if (readAhead.room(p) - t <= 0) {
          c.attached = false;
          c.after = e.position() - 1;
          continue;
        }
        taken.put(p, t + 1);
        batches.computeIfAbsent(p, k -> new ArrayList<>()).add(e);
        c.after = e.position();
      }
    }

    /**
     * Reads a page of each detached partition with room, up to the scan position, attaching those
     * that reach it; true if some detached partition had no room (held).
     */
    private boolean catchUp(ReadAhead readAhead, Map<SourcePartition, Integer> taken, Map<SourcePartition, List<RecordedEvent>> batches)
        throws InterruptedException {
      boolean held = false;
      List<Cursor> due = new ArrayList<>();
      for (Cursor c : cursors.values()) {
        if (c.attached) {
          continue;
        }
        if (readAhead.room(c.partition) - taken.getOrDefault(c.partition, 0) <= 0) {
          held = true;
          continue;
        }
        due.add(c);
      }
      if (due.isEmpty()) {
        return held;
      }
      List<List<RecordedEvent>> pages = CatchUpReads.read(store, due.stream().map(c -> new CatchUpReads.Page(c.after, pageSize, c.filter)).toList());
      for (int i = 0; i < due.size(); i++) {
        Cursor c = due.get(i);
        List<RecordedEvent> page = pages.get(i);
        List<RecordedEvent> upToScan = new ArrayList<>(page.size());
        for (RecordedEvent e : page) {
          if (e.position() <= scanned) {
            upToScan.add(e);
          }
        }
        if (!upToScan.isEmpty()) {
          batches.computeIfAbsent(c.partition, k -> new ArrayList<>()).addAll(upToScan);
          c.after = upToScan.getLast().position();
        }
        if (page.size() < pageSize || upToScan.size() < page.size()) {
          c.attached = true; // read up to the scan position: the scan delivers the rest
          c.after = scanned;
        }
      }
      return held;
    }

    @Override
    public void close() {}
  }

  private static final class Cursor {
    final SourcePartition partition;
    final FeedFilter filter;
    long after;
    boolean attached;

    Cursor(SourcePartition partition, FeedFilter filter, long after, boolean attached) {
      this.partition = partition;
      this.filter = filter;
      this.after = after;
      this.attached = attached;
    }
  }
}
