package io.solstice.app.ops;

import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import io.solstice.core.store.FeedFilter;
import io.solstice.store.sql.SqlDialect;
import io.solstice.store.sql.SqlEventStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Reads the event store for the operations console: streams, the newest events of a tenant (and
 * category), one event by id, and the causation links between events.
 *
 * <h2>Causation</h2>
 *
 * Every event carries the id of what caused it ({@code causationId}): the id of the input event for
 * events a service wrote, {@code http:<correlation id>} for events an HTTP request wrote. So an
 * event's <em>cause</em> is one lookup by id (indexed), and its <em>effects</em> are the events whose
 * causation id is its id. The store has no index on causation ids, so effects are looked for among
 * the tenant's events in the {@value #EFFECT_WINDOW} positions after the event (through the tenant's
 * feed index): reactions follow their input within milliseconds, so this finds them unless a stream
 * was held or a dead letter replayed after that many of the tenant's events. The events of one
 * request are looked for within {@value #REQUEST_WINDOW} positions of each other (they are written
 * in one transaction).
 *
 * <p>Only the positions come from SQL on the store's {@code events} table (columns {@code
 * position}, {@code tenant}, {@code category}, {@code event_id}, {@code causation_id}, {@code
 * correlation_id}); the events themselves are read through the {@link
 * io.solstice.core.store.EventStore} API. Read-only; thread-safe.
 */
public final class EventBrowser {

  /** How far after an event its effects are looked for, in positions. */
  public static final long EFFECT_WINDOW = 50_000;
  /** How far around an event the other events of its request are looked for, in positions. */
  public static final long REQUEST_WINDOW = 5_000;
  /** The most events one lookup returns. */
  public static final int MAX_EVENTS = 500;

  private static final String REQUEST_PREFIX = "http:";
  private static final int MAX_CAUSE_STEPS = 64;

  private final SqlEventStore store;
  private final List<String> categories;

  /**
   * @param store the store to read
   * @param categories the categories to look in when searching a stream by id alone (e.g. {@code
   *     Order}, {@code Payment})
   */
  public EventBrowser(SqlEventStore store, List<String> categories) {
    this.store = Objects.requireNonNull(store, "store");
    this.categories = List.copyOf(categories);
  }

  /** The categories searched by id. */
  public List<String> categories() {
    return categories;
  }

  /** Up to {@code limit} events of {@code stream} from version {@code fromVersion}. */
  public List<RecordedEvent> stream(StreamName stream, long fromVersion, int limit) {
    return store.read(stream, Math.max(0, fromVersion), clamp(limit));
  }

  /** The stream's current version (-1 when it has no event). */
  public long version(StreamName stream) {
    return store.version(stream);
  }

  /** The streams with id {@code id} in any of the known categories of {@code tenant}, with their versions. */
  public List<StreamVersion> streamsWithId(String tenant, String id) {
    StreamName.requireTenant(tenant);
    List<StreamVersion> found = new ArrayList<>();
    if (!StreamName.isValidId(id)) {
      return found;
    }
    for (String category : categories) {
      StreamName s = StreamName.of(tenant, category, id);
      long v = store.version(s);
      if (v >= 0) {
        found.add(new StreamVersion(s, v));
      }
    }
    return found;
  }

  /** A stream and its version. */
  public record StreamVersion(StreamName stream, long version) {}

  /**
   * The newest events, newest first: of {@code tenant} (null: every tenant), of {@code category}
   * (null: every category; needs a tenant), below position {@code before} (0: from the head).
   */
  public List<RecordedEvent> recent(String tenant, String category, long before, int limit) {
    FeedFilter filter = new FeedFilter(tenant, category);
    int n = clamp(limit);
    StringBuilder sql = new StringBuilder("SELECT position FROM events WHERE 1 = 1");
    List<Object> params = new ArrayList<>();
    if (tenant != null) {
      sql.append(" AND tenant = ?");
      params.add(tenant);
    }
    if (category != null) {
      sql.append(" AND category = ?");
      params.add(category);
    }
    if (before > 0) {
      sql.append(" AND position < ?");
      params.add(before);
    }
    sql.append(" ORDER BY position DESC LIMIT ?");
    params.add((long) n);
    List<Long> positions = positions("reading the newest events", sql.toString(), params);
    if (positions.isEmpty()) {
      return List.of();
    }
    long newest = positions.getFirst();
    long oldest = positions.getLast();
    List<RecordedEvent> events = new ArrayList<>();
    for (RecordedEvent e : store.readAll(oldest - 1, positions.size(), filter)) {
      if (e.position() <= newest) {
        events.add(e);
      }
    }
    Collections.reverse(events);
    return events;
  }

  /** The event with id {@code eventId}, if the store has one. */
  public Optional<RecordedEvent> event(UUID eventId) {
    String sql = "SELECT position, tenant FROM events WHERE event_id = ?";
    try (Connection c = store.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      if (store.dialect() == SqlDialect.POSTGRES) {
        ps.setObject(1, eventId);
      } else {
        ps.setString(1, eventId.toString());
      }
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        long position = rs.getLong(1);
        String tenant = rs.getString(2);
        return store.readAll(position - 1, 1, FeedFilter.tenant(tenant)).stream().filter(e -> e.position() == position).findFirst();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("reading event " + eventId + " from " + store.config().describe() + " failed: " + e.getMessage()
          + "; check that the store is reachable", e);
    }
  }

  /**
   * What caused {@code event} and what it caused.
   *
   * @param event the event
   * @param cause the event that caused it, when a service wrote it in reaction to one
   * @param request the HTTP request that wrote it ({@code http:<correlation id>}), when one did
   * @param requestEvents every event that request wrote, {@code event} included
   * @param effects the events written in reaction to it, in position order
   */
  public record Links(RecordedEvent event, Optional<RecordedEvent> cause, Optional<String> request, List<RecordedEvent> requestEvents,
      List<RecordedEvent> effects) {}

  /** The links of {@code event}. */
  public Links links(RecordedEvent event) {
    String causation = event.metadata().causationId();
    Optional<RecordedEvent> cause = Optional.empty();
    Optional<String> request = Optional.empty();
    List<RecordedEvent> requestEvents = List.of();
    if (causation != null && causation.startsWith(REQUEST_PREFIX)) {
      request = Optional.of(causation);
      requestEvents = caused(event.stream().tenant(), causation, event.position() - REQUEST_WINDOW, event.position() + REQUEST_WINDOW);
    } else if (causation != null) {
      cause = parseUuid(causation).flatMap(this::event);
    }
    List<RecordedEvent> effects = caused(event.stream().tenant(), event.eventId().toString(), event.position() + 1,
        event.position() + EFFECT_WINDOW);
    return new Links(event, cause, request, requestEvents, effects);
  }

  /**
   * The causation tree {@code event} belongs to: from its root (the first event up the chain of
   * causes, or the request that wrote it) down through every effect, each event once, at most
   * {@value #MAX_EVENTS} events.
   *
   * @param request the request at the root, when the root events were written by one
   * @param roots the root events (those of the request, or the one event without a cause)
   */
  public record Tree(Optional<String> request, List<Node> roots, boolean truncated) {}

  /** An event and its effects. */
  public record Node(RecordedEvent event, List<Node> effects) {}

  /** The tree of {@code event}. */
  public Tree tree(RecordedEvent event) {
    RecordedEvent root = event;
    for (int i = 0; i < MAX_CAUSE_STEPS; i++) {
      String causation = root.metadata().causationId();
      if (causation == null || causation.startsWith(REQUEST_PREFIX)) {
        break;
      }
      Optional<RecordedEvent> cause = parseUuid(causation).flatMap(this::event);
      if (cause.isEmpty()) {
        break;
      }
      root = cause.get();
    }
    String tenant = root.stream().tenant();
    String causation = root.metadata().causationId();
    Optional<String> request = causation != null && causation.startsWith(REQUEST_PREFIX) ? Optional.of(causation) : Optional.empty();
    List<RecordedEvent> roots = request.isPresent()
        ? caused(tenant, causation, root.position() - REQUEST_WINDOW, root.position() + REQUEST_WINDOW)
        : List.of(root);
    Set<UUID> seen = new HashSet<>();
    int[] budget = {MAX_EVENTS};
    List<Node> nodes = new ArrayList<>();
    for (RecordedEvent r : roots) {
      if (seen.add(r.eventId()) && budget[0]-- > 0) {
        nodes.add(expand(r, seen, budget));
      }
    }
    return new Tree(request, nodes, budget[0] < 0);
  }

  private Node expand(RecordedEvent event, Set<UUID> seen, int[] budget) {
    List<Node> children = new ArrayList<>();
    for (RecordedEvent effect : caused(event.stream().tenant(), event.eventId().toString(), event.position() + 1,
        event.position() + EFFECT_WINDOW)) {
      if (budget[0] <= 0) {
        budget[0] = -1;
        break;
      }
      if (seen.add(effect.eventId())) {
        budget[0]--;
        children.add(expand(effect, seen, budget));
      }
    }
    return new Node(event, children);
  }

  /** The tenant's events with causation id {@code causation} at positions from {@code from} to {@code to}, in order. */
  private List<RecordedEvent> caused(String tenant, String causation, long from, long to) {
    List<Long> positions = positions("looking for the events caused by " + causation,
        "SELECT position FROM events WHERE tenant = ? AND position >= ? AND position <= ? AND causation_id = ? ORDER BY position LIMIT ?",
        List.of(tenant, Math.max(1, from), to, causation, (long) MAX_EVENTS));
    return read(tenant, positions);
  }

  /** The tenant's events at {@code positions} (ascending), read through the store's feed. */
  private List<RecordedEvent> read(String tenant, List<Long> positions) {
    if (positions.isEmpty()) {
      return List.of();
    }
    FeedFilter filter = FeedFilter.tenant(tenant);
    Set<Long> wanted = new HashSet<>(positions);
    List<RecordedEvent> events = new ArrayList<>(positions.size());
    long first = positions.getFirst();
    long last = positions.getLast();
    if (last - first < 2_000) {
      for (RecordedEvent e : store.readAll(first - 1, (int) (last - first + 1), filter)) {
        if (wanted.contains(e.position())) {
          events.add(e);
        }
      }
    } else {
      for (long p : positions) {
        store.readAll(p - 1, 1, filter).stream().filter(e -> e.position() == p).findFirst().ifPresent(events::add);
      }
    }
    return events;
  }

  private List<Long> positions(String what, String sql, List<Object> params) {
    try (Connection c = store.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.size(); i++) {
        switch (params.get(i)) {
          case String s -> ps.setString(i + 1, s);
          case Long l -> ps.setLong(i + 1, l);
          default -> throw new IllegalArgumentException("unexpected parameter " + params.get(i));
        }
      }
      List<Long> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getLong(1));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(what + " in " + store.config().describe() + " failed: " + e.getMessage()
          + "; check that the store is reachable", e);
    }
  }

  private static Optional<UUID> parseUuid(String s) {
    try {
      return Optional.of(UUID.fromString(s));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static int clamp(int limit) {
    return Math.max(1, Math.min(limit, MAX_EVENTS));
  }
}
