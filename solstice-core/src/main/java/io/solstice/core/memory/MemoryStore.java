package io.solstice.core.memory;

import io.solstice.core.EventData;
import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import io.solstice.core.store.AppendRequest;
import io.solstice.core.store.AppendResult;
import io.solstice.core.store.CommitListener;
import io.solstice.core.store.DuplicateEventIdException;
import io.solstice.core.store.EventStore;
import io.solstice.core.store.EventTooLargeException;
import io.solstice.core.store.FeedFilter;
import io.solstice.core.store.MultiAppendResult;
import io.solstice.core.store.Snapshot;
import io.solstice.core.store.StoreUnavailableException;
import io.solstice.core.store.TenantDirectory;
import io.solstice.core.store.TenantPlacement;
import io.solstice.core.store.UnknownTenantException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * An {@link EventStore} held in memory, for tests and benchmarks. It implements exactly the
 * semantics documented on {@link EventStore} (versions, positions, idempotent appends, atomic
 * multi-stream appends, limits, tenant directory), so it can stand in for a real backend.
 *
 * <h2>Concurrency</h2>
 *
 * One {@link ReentrantLock} guards all state; every append and read holds it briefly (appends are
 * in-memory list operations, never I/O). Because positions are assigned and made visible under the
 * same lock, the feed never skips. {@link #awaitAppend} waits on a {@link Condition} of that lock
 * which every successful append signals, so tailing readers wake at once without polling.
 *
 * <p>Stored event data is copied on append, so a caller changing its array afterwards cannot change
 * the store; arrays handed out by reads are shared and must not be modified.
 *
 * <p>The tenant directory starts empty: register tenants (e.g. {@link #withTenants}) before
 * appending.
 */
public final class MemoryStore implements EventStore {
  private final Clock clock;
  private final int maxEventBytes;
  private final MemoryTenantDirectory tenants;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition appended = lock.newCondition();
  private final Map<StreamName, List<RecordedEvent>> streams = new HashMap<>();
  private final List<RecordedEvent> feed = new ArrayList<>(); // feed.get(i).position() == i + 1
  private final CopyOnWriteArrayList<CommitListener> commitListeners =
      new CopyOnWriteArrayList<>();
  private final Map<UUID, RecordedEvent> byId = new HashMap<>();
  private final Map<SnapshotKey, Snapshot> snapshots = new HashMap<>();
  private boolean closed;

  private record SnapshotKey(StreamName stream, int schema) {}

  /** A store on the system UTC clock with the default 1 MiB event size limit. */
  public MemoryStore() {
    this(Clock.systemUTC(), DEFAULT_MAX_EVENT_BYTES);
  }

  /**
   * A store stamping events with {@code clock} and refusing events larger than {@code maxEventBytes}
   * (measured by {@link EventData#size()}).
   */
  public MemoryStore(Clock clock, int maxEventBytes) {
    this.clock = Objects.requireNonNull(clock, "clock");
    if (maxEventBytes <= 0) {
      throw new IllegalArgumentException("maxEventBytes must be positive, was " + maxEventBytes);
    }
    this.maxEventBytes = maxEventBytes;
    this.tenants = new MemoryTenantDirectory(clock);
  }

  /** Registers each tenant in the pooled placement and returns this store (a test convenience). */
  public MemoryStore withTenants(String... tenantIds) {
    for (String t : tenantIds) {
      tenants.register(t, TenantPlacement.POOLED_STORE);
    }
    return this;
  }

  @Override
  public MultiAppendResult appendAll(List<AppendRequest> requests) {
    Objects.requireNonNull(requests, "requests");
    if (requests.isEmpty()) {
      throw new IllegalArgumentException("appendAll needs at least one request");
    }
    Set<StreamName> named = new HashSet<>();
    for (AppendRequest r : requests) {
      if (!named.add(r.stream())) {
        throw new IllegalArgumentException("appendAll names stream " + r.stream()
            + " more than once; merge its events into one request");
      }
      if (!tenants.contains(r.stream().tenant())) {
        throw new UnknownTenantException(r.stream().tenant());
      }
      for (EventData e : r.events()) {
        int size = e.size();
        if (size > maxEventBytes) {
          throw new EventTooLargeException(r.stream(), e.eventId(), e.type(), size, maxEventBytes);
        }
      }
    }
    lock.lock();
    try {
      ensureOpen();
      // Classify each request: new events, or an exact repeat of stored ones (idempotent retry).
      AppendResult.Written[] duplicates = new AppendResult.Written[requests.size()];
      Set<UUID> idsInCall = new HashSet<>();
      for (int i = 0; i < requests.size(); i++) {
        duplicates[i] = checkIds(requests.get(i), idsInCall);
      }
      List<AppendResult.Conflict> conflicts = new ArrayList<>();
      for (int i = 0; i < requests.size(); i++) {
        AppendRequest r = requests.get(i);
        long actual = versionLocked(r.stream());
        if (duplicates[i] == null && !r.expected().matches(actual)) {
          conflicts.add(new AppendResult.Conflict(r.stream(), r.expected(), actual));
        }
      }
      if (!conflicts.isEmpty()) {
        return new MultiAppendResult.Rejected(conflicts);
      }
      Instant now = clock.instant();
      List<AppendResult.Written> results = new ArrayList<>(requests.size());
      int feedBefore = feed.size();
      boolean wrote = false;
      for (int i = 0; i < requests.size(); i++) {
        if (duplicates[i] != null) {
          results.add(duplicates[i]);
        } else {
          results.add(write(requests.get(i), now));
          wrote = true;
        }
      }
      if (wrote) {
        if (!commitListeners.isEmpty()) {
          List<RecordedEvent> committed = List.copyOf(feed.subList(feedBefore, feed.size()));
          commitListeners.forEach(l -> l.committed(committed));
        }
        appended.signalAll();
      }
      return new MultiAppendResult.Committed(results);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns a duplicate result when every id of {@code r} is stored, in its stream and order; null
   * when none is stored; throws when stored and new ids mix or a stored id sits elsewhere.
   */
  private AppendResult.@Nullable Written checkIds(AppendRequest r, Set<UUID> idsInCall) {
    List<UUID> stored = new ArrayList<>();
    for (EventData e : r.events()) {
      if (!idsInCall.add(e.eventId())) {
        throw new DuplicateEventIdException(r.stream(), List.of(e.eventId()));
      }
      if (byId.containsKey(e.eventId())) {
        stored.add(e.eventId());
      }
    }
    if (stored.isEmpty()) {
      return null;
    }
    if (stored.size() != r.events().size()) {
      throw new DuplicateEventIdException(r.stream(), stored);
    }
    RecordedEvent first = Objects.requireNonNull(byId.get(r.events().getFirst().eventId()));
    for (int k = 0; k < r.events().size(); k++) {
      RecordedEvent s = byId.get(r.events().get(k).eventId());
      if (s == null || !s.stream().equals(r.stream()) || s.version() != first.version() + k) {
        throw new DuplicateEventIdException(r.stream(), stored);
      }
    }
    RecordedEvent last = Objects.requireNonNull(byId.get(r.events().getLast().eventId()));
    return new AppendResult.Written(r.stream(), last.version(), first.position(), last.position(), true);
  }

  private AppendResult.Written write(AppendRequest r, Instant now) {
    List<RecordedEvent> stream = streams.computeIfAbsent(r.stream(), s -> new ArrayList<>());
    long firstPosition = feed.size() + 1L;
    for (EventData e : r.events()) {
      byte[] data = Arrays.copyOf(e.data(), e.data().length);
      RecordedEvent recorded = new RecordedEvent(
          e.eventId(), r.stream(), stream.size(), feed.size() + 1L, e.type(), data, e.metadata(), now);
      stream.add(recorded);
      feed.add(recorded);
      byId.put(e.eventId(), recorded);
    }
    return new AppendResult.Written(r.stream(), stream.size() - 1L, firstPosition, feed.size(), false);
  }

  @Override
  public List<RecordedEvent> read(StreamName stream, long fromVersion, int max) {
    Objects.requireNonNull(stream, "stream");
    requireReadArgs(fromVersion, max);
    lock.lock();
    try {
      ensureOpen();
      List<RecordedEvent> events = streams.getOrDefault(stream, List.of());
      if (fromVersion >= events.size()) {
        return List.of();
      }
      int from = (int) fromVersion;
      return List.copyOf(events.subList(from, (int) Math.min(events.size(), (long) from + max)));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<RecordedEvent> readBackward(StreamName stream, long fromVersion, int max) {
    Objects.requireNonNull(stream, "stream");
    requireReadArgs(fromVersion, max);
    lock.lock();
    try {
      ensureOpen();
      List<RecordedEvent> events = streams.getOrDefault(stream, List.of());
      List<RecordedEvent> out = new ArrayList<>(Math.min(max, events.size()));
      for (long v = Math.min(fromVersion, events.size() - 1L); v >= 0 && out.size() < max; v--) {
        out.add(events.get((int) v));
      }
      return List.copyOf(out);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long version(StreamName stream) {
    Objects.requireNonNull(stream, "stream");
    lock.lock();
    try {
      ensureOpen();
      return versionLocked(stream);
    } finally {
      lock.unlock();
    }
  }

  private long versionLocked(StreamName stream) {
    List<RecordedEvent> events = streams.get(stream);
    return events == null ? -1 : events.size() - 1L;
  }

  @Override
  public List<RecordedEvent> readAll(long after, int max, FeedFilter filter) {
    Objects.requireNonNull(filter, "filter");
    if (after < 0) {
      throw new IllegalArgumentException("readAll after must be >= 0 (0 = start of the feed), was " + after);
    }
    if (max <= 0) {
      throw new IllegalArgumentException("readAll max must be positive, was " + max);
    }
    lock.lock();
    try {
      ensureOpen();
      List<RecordedEvent> out = new ArrayList<>(Math.min(max, 1024));
      for (long p = after; p < feed.size() && out.size() < max; p++) {
        RecordedEvent e = feed.get((int) p);
        if (filter.matches(e.stream())) {
          out.add(e);
        }
      }
      return List.copyOf(out);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<RecordedEvent> readCorrelated(String tenant, String correlationId, int max) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(correlationId, "correlationId");
    if (max <= 0) {
      throw new IllegalArgumentException("readCorrelated max must be positive, was " + max);
    }
    lock.lock();
    try {
      ensureOpen();
      List<RecordedEvent> out = new ArrayList<>();
      for (int p = 0; p < feed.size() && out.size() < max; p++) {
        RecordedEvent e = feed.get(p);
        if (tenant.equals(e.stream().tenant()) && correlationId.equals(e.metadata().correlationId())) {
          out.add(e);
        }
      }
      return List.copyOf(out);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long headPosition() {
    lock.lock();
    try {
      ensureOpen();
      return feed.size();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public CommitListener.Registration onCommit(CommitListener listener) {
    commitListeners.add(Objects.requireNonNull(listener, "listener"));
    return () -> commitListeners.remove(listener);
  }

  @Override
  public boolean awaitAppend(long after, Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "timeout");
    long nanos = timeout.isNegative() ? 0 : saturatedNanos(timeout);
    lock.lockInterruptibly();
    try {
      while (feed.size() <= after) {
        if (closed || nanos <= 0) {
          return feed.size() > after;
        }
        nanos = appended.awaitNanos(nanos);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException overflow) {
      return Long.MAX_VALUE;
    }
  }

  @Override
  public void writeSnapshot(Snapshot snapshot) {
    Objects.requireNonNull(snapshot, "snapshot");
    if (!tenants.contains(snapshot.stream().tenant())) {
      throw new UnknownTenantException(snapshot.stream().tenant());
    }
    Snapshot copy = new Snapshot(snapshot.stream(), snapshot.version(), snapshot.schema(),
        Arrays.copyOf(snapshot.data(), snapshot.data().length));
    lock.lock();
    try {
      ensureOpen();
      snapshots.merge(new SnapshotKey(snapshot.stream(), snapshot.schema()), copy,
          (old, neu) -> neu.version() >= old.version() ? neu : old);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<Snapshot> readSnapshot(StreamName stream, int schema) {
    Objects.requireNonNull(stream, "stream");
    lock.lock();
    try {
      ensureOpen();
      return Optional.ofNullable(snapshots.get(new SnapshotKey(stream, schema)));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public TenantDirectory tenants() {
    return tenants;
  }

  @Override
  public int maxEventBytes() {
    return maxEventBytes;
  }

  /** Closes the store: later calls fail with {@link StoreUnavailableException}; waiters wake. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      appended.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new StoreUnavailableException("the memory store is closed; create a new MemoryStore", null);
    }
  }

  private static void requireReadArgs(long fromVersion, int max) {
    if (fromVersion < 0) {
      throw new IllegalArgumentException("read fromVersion must be >= 0, was " + fromVersion);
    }
    if (max <= 0) {
      throw new IllegalArgumentException("read max must be positive, was " + max);
    }
  }
}
