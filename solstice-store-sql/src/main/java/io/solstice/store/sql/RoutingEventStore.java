package io.solstice.store.sql;

import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import io.solstice.core.store.AppendRequest;
import io.solstice.core.store.EventStore;
import io.solstice.core.store.FeedFilter;
import io.solstice.core.store.MultiAppendResult;
import io.solstice.core.store.Snapshot;
import io.solstice.core.store.TenantDirectory;
import io.solstice.core.store.TenantEntry;
import io.solstice.core.store.TenantPlacement;
import io.solstice.core.store.UnknownTenantException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each tenant to the pooled store or to a dedicated store, as the pooled store's tenant
 * directory says. Dedicated stores are named in configuration ({@code name → store}); a tenant
 * registered with {@link TenantPlacement#dedicated(String) placement "name"} is recorded in the
 * pooled directory (the one list of every tenant) and in the dedicated store's own directory, and
 * all its streams, snapshots and feed live there.
 *
 * <p>What does not route:
 *
 * <ul>
 *   <li>{@link #appendAll} must stay within one store (atomicity across databases is not offered):
 *       requests for tenants on different stores are refused.
 *   <li>Positions belong to one store. {@link #readAll} with a tenant filter reads that tenant's
 *       store; an unfiltered {@code readAll}, {@link #headPosition} and {@link #awaitAppend} are
 *       only allowed while no dedicated store is configured (they then mean the pooled store);
 *       otherwise they fail with an explanation — tail {@link #storeFor(String)} per tenant, or
 *       each store of {@link #stores()}.
 * </ul>
 *
 * Closing this store closes every store it routes to.
 */
public final class RoutingEventStore implements EventStore {
  private static final Logger log = LoggerFactory.getLogger(RoutingEventStore.class);
  private static final Pattern STORE_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");

  private final EventStore pooled;
  private final Map<String, EventStore> dedicated;
  private final RoutingDirectory directory = new RoutingDirectory();

  /**
   * Routes over {@code pooled} and the named {@code dedicated} stores, taking ownership of them.
   * Names are 1-40 characters of {@code [a-z0-9_-]} and never {@value TenantPlacement#POOLED}.
   */
  public RoutingEventStore(EventStore pooled, Map<String, ? extends EventStore> dedicated) {
    this.pooled = java.util.Objects.requireNonNull(pooled, "pooled");
    this.dedicated = new LinkedHashMap<>();
    dedicated.forEach((name, store) -> {
      if (!STORE_NAME.matcher(name).matches() || TenantPlacement.POOLED.equals(name)) {
        throw new IllegalArgumentException("dedicated store name " + name + " is invalid: use 1-40 characters of [a-z0-9_-], not 'pooled'");
      }
      this.dedicated.put(name, java.util.Objects.requireNonNull(store, "store " + name));
    });
  }

  /** Opens the pooled store and every dedicated store from configuration. */
  public static RoutingEventStore open(SqlStoreConfig pooled, Map<String, SqlStoreConfig> dedicated) {
    List<SqlEventStore> opened = new ArrayList<>();
    try {
      SqlEventStore pooledStore = SqlEventStore.open(pooled);
      opened.add(pooledStore);
      Map<String, SqlEventStore> stores = new LinkedHashMap<>();
      for (var e : dedicated.entrySet()) {
        SqlEventStore store = SqlEventStore.open(e.getValue());
        opened.add(store);
        stores.put(e.getKey(), store);
      }
      return new RoutingEventStore(pooledStore, stores);
    } catch (RuntimeException e) {
      opened.forEach(SqlEventStore::close);
      throw e;
    }
  }

  /** The pooled SQLite store of a data directory: {@code <dataDir>/solstice.db}. */
  public static SqlStoreConfig pooledSqlite(Path dataDir) {
    return SqlStoreConfig.sqlite(dataDir.resolve("solstice.db"));
  }

  /** A dedicated SQLite store of a data directory: {@code <dataDir>/stores/<name>.db}. */
  public static SqlStoreConfig dedicatedSqlite(Path dataDir, String name) {
    if (!STORE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("dedicated store name " + name + " is invalid: use 1-40 characters of [a-z0-9_-]");
    }
    return SqlStoreConfig.sqlite(dataDir.resolve("stores").resolve(name + ".db"));
  }

  /** The store holding {@code tenant}'s data. */
  public EventStore storeFor(String tenant) {
    TenantEntry entry = pooled.tenants().find(tenant).orElseThrow(() -> new UnknownTenantException(tenant));
    return storeAt(entry.placement(), tenant);
  }

  /** The pooled store and every dedicated one: each has its own feed. */
  @Override
  public List<EventStore> feeds() {
    return List.copyOf(stores().values());
  }

  /** The pooled store. */
  public EventStore pooled() {
    return pooled;
  }

  /** Every store by name: {@value TenantPlacement#POOLED} first, then the dedicated ones. */
  public Map<String, EventStore> stores() {
    Map<String, EventStore> all = new LinkedHashMap<>();
    all.put(TenantPlacement.POOLED, pooled);
    all.putAll(dedicated);
    return all;
  }

  private EventStore storeAt(TenantPlacement placement, String tenant) {
    if (placement.pooled()) {
      return pooled;
    }
    EventStore store = dedicated.get(placement.location());
    if (store == null) {
      throw new IllegalStateException("tenant " + tenant + " is placed on dedicated store '" + placement.location()
          + "', which is not configured here (configured: " + dedicated.keySet() + "); add it to the configuration");
    }
    return store;
  }

  /** For reads: the tenant's store, or the pooled one when the tenant is unknown (it then holds nothing). */
  private EventStore readStoreFor(String tenant) {
    return pooled.tenants().find(tenant).map(e -> storeAt(e.placement(), tenant)).orElse(pooled);
  }

  private EventStore onlyStore(String what) {
    if (!dedicated.isEmpty()) {
      throw new IllegalStateException(what + " is ambiguous with dedicated stores " + dedicated.keySet()
          + ": positions belong to one store; use storeFor(tenant) or stores() and read each store's feed");
    }
    return pooled;
  }

  @Override
  public MultiAppendResult appendAll(List<AppendRequest> requests) {
    EventStore target = null;
    for (AppendRequest r : requests) {
      EventStore store = storeFor(r.stream().tenant());
      if (target != null && store != target) {
        throw new IllegalArgumentException("appendAll spans tenants on different stores (" + r.stream()
            + " is elsewhere than " + requests.getFirst().stream() + "); append to each store separately — nothing was written");
      }
      target = store;
    }
    if (target == null) {
      throw new IllegalArgumentException("appendAll needs at least one request");
    }
    return target.appendAll(requests);
  }

  @Override
  public List<RecordedEvent> read(StreamName stream, long fromVersion, int max) {
    return readStoreFor(stream.tenant()).read(stream, fromVersion, max);
  }

  @Override
  public List<RecordedEvent> readBackward(StreamName stream, long fromVersion, int max) {
    return readStoreFor(stream.tenant()).readBackward(stream, fromVersion, max);
  }

  @Override
  public long version(StreamName stream) {
    return readStoreFor(stream.tenant()).version(stream);
  }

  @Override
  public List<RecordedEvent> readCorrelated(String tenant, String correlationId, int max) {
    return readStoreFor(tenant).readCorrelated(tenant, correlationId, max);
  }

  @Override
  public List<RecordedEvent> readAll(long after, int max, FeedFilter filter) {
    if (filter.tenant() != null) {
      return readStoreFor(filter.tenant()).readAll(after, max, filter);
    }
    return onlyStore("an unfiltered readAll").readAll(after, max, filter);
  }

  @Override
  public long headPosition() {
    return onlyStore("headPosition()").headPosition();
  }

  @Override
  public long headPosition(String tenant) {
    return storeFor(tenant).headPosition();
  }

  @Override
  public boolean awaitAppend(long after, Duration timeout) throws InterruptedException {
    return onlyStore("awaitAppend()").awaitAppend(after, timeout);
  }

  @Override
  public void writeSnapshot(Snapshot snapshot) {
    readStoreFor(snapshot.stream().tenant()).writeSnapshot(snapshot);
  }

  @Override
  public Optional<Snapshot> readSnapshot(StreamName stream, int schema) {
    return readStoreFor(stream.tenant()).readSnapshot(stream, schema);
  }

  @Override
  public TenantDirectory tenants() {
    return directory;
  }

  @Override
  public int maxEventBytes() {
    return pooled.maxEventBytes();
  }

  @Override
  public void close() {
    for (EventStore store : stores().values()) {
      try {
        store.close();
      } catch (RuntimeException e) {
        log.warn("closing {} failed: {}", store, e.toString());
      }
    }
  }

  /** The pooled directory, which also records dedicated tenants in their own store. */
  private final class RoutingDirectory implements TenantDirectory {
    @Override
    public TenantEntry register(String tenant, TenantPlacement placement) {
      StreamName.requireTenant(tenant);
      Optional<TenantEntry> existing = pooled.tenants().find(tenant);
      if (existing.isPresent()) {
        return existing.get();
      }
      if (!placement.pooled()) {
        EventStore store = storeAt(placement, tenant);
        store.tenants().register(tenant, placement);
      }
      return pooled.tenants().register(tenant, placement);
    }

    @Override
    public Optional<TenantEntry> find(String tenant) {
      return pooled.tenants().find(tenant);
    }

    @Override
    public List<TenantEntry> list() {
      return pooled.tenants().list();
    }
  }
}
