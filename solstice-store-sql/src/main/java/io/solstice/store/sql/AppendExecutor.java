package io.solstice.store.sql;

import io.solstice.core.EventData;
import io.solstice.core.RecordedEvent;
import io.solstice.core.SolsticeException;
import io.solstice.core.StreamName;
import io.solstice.core.store.AppendRequest;
import io.solstice.core.store.AppendResult;
import io.solstice.core.store.CommitListener;
import io.solstice.core.store.DuplicateEventIdException;
import io.solstice.core.store.MultiAppendResult;
import io.solstice.core.store.StoreUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a group of appends as one transaction on one connection, and completes each append's
 * future with its own outcome.
 *
 * <p>The transaction: take the store-wide write lock; read the head position, the current version
 * of every stream the group touches and where any of the group's event ids are already stored (one
 * look-up each); decide each append in arrival order against that state — duplicate, conflict,
 * {@link DuplicateEventIdException}, or written with the next versions and positions, updating the
 * in-memory state so a later append of the same group sees an earlier one's events; insert every
 * written row in one statement; notify; commit. Only then are the futures completed, so no caller
 * learns of a write that could still roll back.
 *
 * <p>If the group's transaction fails (e.g. a constraint violation no check foresaw, or a lost
 * connection), it is rolled back and each append is retried alone, so only the append at fault
 * fails.
 */
final class AppendExecutor {
  private static final Logger log = LoggerFactory.getLogger(AppendExecutor.class);

  private final DialectOps ops;
  private final Clock clock;
  private final AppendSignal signal;
  private final String storeDescription;
  private final List<CommitListener> listeners = new CopyOnWriteArrayList<>();

  AppendExecutor(DialectOps ops, Clock clock, AppendSignal signal, String storeDescription) {
    this.ops = ops;
    this.clock = clock;
    this.signal = signal;
    this.storeDescription = storeDescription;
  }

  /** Adds a listener told of each commit's events before the signal wakes readers. */
  CommitListener.Registration onCommit(CommitListener listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Runs {@code group} on {@code c} and completes every future, normally or exceptionally. */
  void execute(Connection c, List<PendingAppend> group) {
    try {
      runTransaction(c, group);
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly(c);
      if (group.size() == 1) {
        group.getFirst().outcome().completeExceptionally(translate(group.getFirst(), e));
        return;
      }
      log.warn("group of {} appends to {} failed ({}); retrying each append alone", group.size(), storeDescription, e.toString());
      for (PendingAppend p : group) {
        try {
          runTransaction(c, List.of(p));
        } catch (SQLException | RuntimeException e2) {
          rollbackQuietly(c);
          p.outcome().completeExceptionally(translate(p, e2));
        }
      }
    }
  }

  /** Fails every append of the group because no connection could be had. */
  void failAll(List<PendingAppend> group, Exception cause) {
    for (PendingAppend p : group) {
      p.outcome().completeExceptionally(translate(p, cause));
    }
  }

  private void runTransaction(Connection c, List<PendingAppend> group) throws SQLException {
    Set<String> streams = new LinkedHashSet<>();
    List<UUID> ids = new ArrayList<>();
    for (PendingAppend p : group) {
      for (AppendRequest r : p.requests()) {
        streams.add(r.stream().canonical());
        for (EventData e : r.events()) {
          ids.add(e.eventId());
        }
      }
    }
    DialectOps.GroupState read = ops.lockAndRead(c, streams, ids);

    State state = new State(read.head(), read.versions(), read.stored());
    long recordedAt = micros(clock.instant());
    List<EventRow> rows = new ArrayList<>();
    List<Object> outcomes = new ArrayList<>(group.size());
    for (PendingAppend p : group) {
      outcomes.add(decide(p.requests(), state, recordedAt, rows));
    }
    ops.writeAndCommit(c, rows, state.head);
    if (!rows.isEmpty() && !listeners.isEmpty()) {
      tell(rows);
    }
    signal.advanceTo(state.head);
    for (int i = 0; i < group.size(); i++) {
      Object outcome = outcomes.get(i);
      if (outcome instanceof MultiAppendResult result) {
        group.get(i).outcome().complete(result);
      } else {
        group.get(i).outcome().completeExceptionally((RuntimeException) outcome);
      }
    }
  }

  private void tell(List<EventRow> rows) {
    List<RecordedEvent> events = new ArrayList<>(rows.size());
    for (EventRow r : rows) {
      EventData e = r.event();
      events.add(new RecordedEvent(e.eventId(), r.stream(), r.version(), r.position(), e.type(), e.data(), e.metadata(),
          instant(r.recordedAtMicros())));
    }
    List<RecordedEvent> committed = List.copyOf(events);
    for (CommitListener l : listeners) {
      try {
        l.committed(committed);
      } catch (RuntimeException e) {
        log.warn("a commit listener of {} failed: {}", storeDescription, e.toString());
      }
    }
  }

  /** The store's state as seen by this transaction, updated as appends of the group are decided. */
  private static final class State {
    long head;
    final Map<String, Long> versions;
    final Map<UUID, StoredEvent> stored;

    State(long head, Map<String, Long> versions, Map<UUID, StoredEvent> stored) {
      this.head = head;
      this.versions = versions;
      this.stored = stored;
    }

    long version(StreamName stream) {
      return versions.getOrDefault(stream.canonical(), -1L);
    }
  }

  /**
   * Decides one append against {@code state}: returns its {@link MultiAppendResult} (adding its
   * rows and updating the state when written) or the exception to fail it with.
   */
  private static Object decide(List<AppendRequest> requests, State state, long recordedAt, List<EventRow> rows) {
    int n = requests.size();
    AppendResult.Written[] duplicates = new AppendResult.Written[n];
    for (int i = 0; i < n; i++) {
      AppendRequest r = requests.get(i);
      List<UUID> known = new ArrayList<>();
      for (EventData e : r.events()) {
        if (state.stored.containsKey(e.eventId())) {
          known.add(e.eventId());
        }
      }
      if (known.isEmpty()) {
        continue;
      }
      if (known.size() == r.events().size() && storedInOrder(r, state.stored)) {
        StoredEvent first = state.stored.get(r.events().getFirst().eventId());
        StoredEvent last = state.stored.get(r.events().getLast().eventId());
        duplicates[i] = new AppendResult.Written(r.stream(), last.version(), first.position(), last.position(), true);
      } else {
        return new DuplicateEventIdException(r.stream(), known);
      }
    }
    List<AppendResult.Conflict> conflicts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      AppendRequest r = requests.get(i);
      long actual = state.version(r.stream());
      if (duplicates[i] == null && !r.expected().matches(actual)) {
        conflicts.add(new AppendResult.Conflict(r.stream(), r.expected(), actual));
      }
    }
    if (!conflicts.isEmpty()) {
      return new MultiAppendResult.Rejected(conflicts);
    }
    List<AppendResult.Written> results = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (duplicates[i] != null) {
        results.add(duplicates[i]);
        continue;
      }
      AppendRequest r = requests.get(i);
      String stream = r.stream().canonical();
      long version = state.version(r.stream());
      long first = state.head + 1;
      for (EventData e : r.events()) {
        version++;
        state.head++;
        rows.add(new EventRow(state.head, r.stream(), version, e, recordedAt));
        state.stored.put(e.eventId(), new StoredEvent(stream, version, state.head));
      }
      state.versions.put(stream, version);
      results.add(new AppendResult.Written(r.stream(), version, first, state.head, false));
    }
    return new MultiAppendResult.Committed(results);
  }

  private static boolean storedInOrder(AppendRequest r, Map<UUID, StoredEvent> stored) {
    String stream = r.stream().canonical();
    long expectedVersion = -1;
    for (EventData e : r.events()) {
      StoredEvent s = stored.get(e.eventId());
      if (!s.stream().equals(stream) || (expectedVersion >= 0 && s.version() != expectedVersion)) {
        return false;
      }
      expectedVersion = s.version() + 1;
    }
    return true;
  }

  private RuntimeException translate(PendingAppend p, Exception e) {
    if (e instanceof SolsticeException se) {
      return se;
    }
    String unknown = isConnectionLoss(e)
        ? "the connection was lost, so the outcome is unknown; "
        : "nothing was written; ";
    return new StoreUnavailableException("append to " + p.describe() + " in " + storeDescription + " failed: " + e.getMessage()
        + "; " + unknown + "retrying with the same event ids is safe (appends are idempotent by event id)", e);
  }

  private static boolean isConnectionLoss(Exception e) {
    return e instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08");
  }

  private void rollbackQuietly(Connection c) {
    try {
      ops.rollback(c);
    } catch (SQLException e) {
      log.debug("rollback on {} failed: {}", storeDescription, e.toString());
    }
  }

  static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
  }

  static Instant instant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }
}
