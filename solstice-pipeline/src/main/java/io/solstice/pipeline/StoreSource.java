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
 * few seconds and whenever an append wakes the reader without anything to read), so a tenant
 * provisioned while the service runs is picked up.
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
  private static final long WAKE_REFRESH_NANOS = Duration.ofSeconds(1).toNanos();

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
    return new StoreReader(context);
  }

  private final class StoreReader implements Reader {
    private final Context context;
    private final Map<SourcePartition, Cursor> cursors = new LinkedHashMap<>();
    private long lastRefresh = Long.MIN_VALUE;
    private boolean refreshNext = true;
    private boolean woken;

    StoreReader(Context context) {
      this.context = context;
    }

    @Override
    public Poll poll(Predicate<SourcePartition> wanted, Duration maxWait) throws InterruptedException {
      long now = System.nanoTime();
      if (refreshNext || now - lastRefresh > TENANT_REFRESH_NANOS) {
        refreshTenants();
        lastRefresh = now;
        refreshNext = false;
      }
      long head = store.headPosition();
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
        if (woken && tenants.isEmpty() && now - lastRefresh > WAKE_REFRESH_NANOS) {
          // An append woke us but nothing known had it: it may be a tenant we have not seen yet.
          refreshNext = true;
          woken = false;
        } else {
          woken = store.awaitAppend(head, maxWait);
        }
      } else {
        woken = false;
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
