package io.solstice.pipeline;

import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import io.solstice.core.store.EventStore;
import io.solstice.core.store.FeedFilter;
import io.solstice.core.store.TenantEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * A source that tails the event store's feed, one cursor per tenant (and category).
 *
 * <h2>URI syntax</h2>
 *
 * <pre>
 * store:[CATEGORIES][?tenant=TENANTS][&amp;page=N]
 *
 * store:                     every category of every tenant
 * store:*                    the same
 * store:Order                category Order of every tenant
 * store:Order,Payment        categories Order and Payment (one cursor each per tenant)
 * store:Order?tenant=acme    category Order of tenant acme only
 * store:?tenant=acme,globex  everything of tenants acme and globex
 * store:Order?page=500       pages of 500 events instead of the service's page size
 * </pre>
 *
 * Without {@code tenant=}, tenants are discovered from the store's tenant directory (again every
 * few seconds, and within a quarter of a second when the store's head has moved past everything
 * the known partitions hold), so a tenant provisioned while the service runs is picked up.
 *
 * <p>How a new tenant is noticed: a poll reads the head position, then every known partition; if
 * every partition came back empty, every event at or below that head belongs to a partition the
 * reader does not know. So when the head is above the head read at the last tenant refresh (which
 * was read <em>before</em> listing the tenants, and a tenant is registered before any append to
 * it), something unknown was appended — a new tenant, or a category this source does not read —
 * and the directory is re-read, at most once per {@code WAKE_REFRESH} so that steady appends to
 * unread categories cost little. This does not depend on an append happening while the reader
 * waits, so an append that lands between two polls is not missed.
 *
 * <h2>Reading</h2>
 *
 * Each tenant × category is a {@link SourcePartition} named {@code store:CATEGORY} (or {@code
 * store:*}); its offsets are the store's global positions. One poll reads at most one page of each
 * wanted partition, in turn, through the store's per-tenant feed index; when nothing is left to
 * read it waits on {@link EventStore#awaitAppend} (no busy polling).
 */
public final class StoreSource implements Source {

  /** The scheme, {@code store}. */
  public static final String SCHEME = "store";

  private static final long TENANT_REFRESH_NANOS = Duration.ofSeconds(5).toNanos();
  private static final long WAKE_REFRESH_NANOS = Duration.ofMillis(250).toNanos();

  private final String uri;
  private final EventStore store;
  private final List<String> categories;
  private final List<String> tenants;
  private final int pageSize;
  private final LongSupplier nanoTime;

  private StoreSource(String uri, EventStore store, List<String> categories, List<String> tenants, int pageSize, LongSupplier nanoTime) {
    this.uri = uri;
    this.store = store;
    this.categories = categories;
    this.tenants = tenants;
    this.pageSize = pageSize;
    this.nanoTime = nanoTime;
  }

  /** The same source reading its refresh intervals from {@code nanoTime} (for tests: no test waits for time to pass). */
  StoreSource withNanoTime(LongSupplier nanoTime) {
    return new StoreSource(uri, store, categories, tenants, pageSize, Objects.requireNonNull(nanoTime, "nanoTime"));
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
    return new StoreSource(uri, store, List.copyOf(categories), List.copyOf(tenants), pageSize, System::nanoTime);
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
    return new StoreReader(context);
  }

  private final class StoreReader implements Reader {
    private final Context context;
    private final Map<SourcePartition, Cursor> cursors = new LinkedHashMap<>();
    private long lastRefresh;
    private long headAtRefresh = -1;
    private boolean refreshNext = true;

    StoreReader(Context context) {
      this.context = context;
    }

    @Override
    public Poll poll(Predicate<SourcePartition> wanted, Duration maxWait) throws InterruptedException {
      long now = nanoTime.getAsLong();
      long head = store.headPosition();
      if (refreshNext || now - lastRefresh > TENANT_REFRESH_NANOS) {
        refreshTenants();
        lastRefresh = now;
        headAtRefresh = head;
        refreshNext = false;
      }
      List<Delivery> deliveries = new ArrayList<>();
      boolean held = false;
      for (Cursor c : cursors.values()) {
        if (!wanted.test(c.partition)) {
          held |= !c.caughtUp;
          continue;
        }
        List<RecordedEvent> page = store.readAll(c.after, pageSize, c.filter);
        if (page.isEmpty()) {
          c.caughtUp = true;
          continue;
        }
        c.after = page.getLast().position();
        c.caughtUp = page.size() < pageSize;
        deliveries.add(Delivery.batch(c.partition, page));
      }
      if (deliveries.isEmpty() && !held) {
        // Every known partition is read up to head: whatever lies between headAtRefresh and head is someone else's.
        boolean unknownAppended = tenants.isEmpty() && head > headAtRefresh;
        long sinceRefresh = now - lastRefresh;
        if (unknownAppended && sinceRefresh >= WAKE_REFRESH_NANOS) {
          refreshNext = true; // the caller polls again at once (nothing delivered, nothing held)
        } else {
          long wait = maxWait.toNanos();
          if (unknownAppended) {
            wait = Math.min(wait, WAKE_REFRESH_NANOS - sinceRefresh);
          }
          store.awaitAppend(head, Duration.ofNanos(wait));
        }
      }
      return new Poll(deliveries, held);
    }

    private void refreshTenants() {
      List<String> ids = tenants;
      if (ids.isEmpty()) {
        ids = store.tenants().list().stream().map(TenantEntry::tenant).toList();
      }
      for (String tenant : ids) {
        if (categories.isEmpty()) {
          add(tenant, null);
        } else {
          for (String category : categories) {
            add(tenant, category);
          }
        }
      }
    }

    private void add(String tenant, String category) {
      SourcePartition p = new SourcePartition(tenant, SCHEME + ":" + (category == null ? "*" : category));
      if (!cursors.containsKey(p)) {
        cursors.put(p, new Cursor(p, new FeedFilter(tenant, category), context.checkpoint(p)));
      }
    }

    @Override
    public void close() {}
  }

  private static final class Cursor {
    final SourcePartition partition;
    final FeedFilter filter;
    long after;
    boolean caughtUp;

    Cursor(SourcePartition partition, FeedFilter filter, long after) {
      this.partition = partition;
      this.filter = filter;
      this.after = after;
    }
  }
}
