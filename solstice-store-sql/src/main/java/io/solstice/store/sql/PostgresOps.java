package io.solstice.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * PostgreSQL: the write lock is a transaction-scoped advisory lock whose key is derived from the
 * schema, so every process appending to the same schema takes turns; look-ups and the insert are
 * one statement each over arrays ({@code unnest}), whatever the group's size, so their plans are
 * prepared once per connection; {@code pg_notify} inside the transaction wakes other processes'
 * readers when it commits.
 *
 * <h2>Two round trips per group</h2>
 *
 * A group's transaction is sent as two multi-statement requests on a connection in auto-commit
 * mode (the driver sends each request's statements together and waits once):
 *
 * <ol>
 *   <li>{@code BEGIN; SELECT pg_advisory_xact_lock(k); SELECT max(position) …; SELECT versions …;
 *       SELECT stored ids …}
 *   <li>{@code INSERT … unnest(…); SELECT pg_notify(…); COMMIT} (just {@code COMMIT} when nothing
 *       is written)
 * </ol>
 *
 * The server runs the statements of a request one after another, each with its own snapshot (read
 * committed), so the reads of the first request still start after the lock is granted and see
 * every commit made before it: the feed's no-gap argument of {@link SqlEventStore} holds as with
 * one statement per round trip. A statement that fails aborts the transaction and the server skips
 * the rest of the request (the {@code COMMIT} included); the caller then rolls back. Sent one
 * statement at a time the same transaction took seven round trips, and under load each round trip
 * waits for the server process to be scheduled, while the lock is held.
 */
final class PostgresOps implements DialectOps {

  private static final String INSERT_UNNEST = "INSERT INTO events (" + INSERT_COLUMNS + ") SELECT * FROM unnest("
      + "?::bigint[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::uuid[], ?::text[], ?::bytea[], "
      + "?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[])";

  private static final String HEAD = "SELECT max(position) FROM events";
  private static final String VERSIONS =
      "SELECT s.stream, (SELECT max(e.version) FROM events e WHERE e.stream = s.stream) FROM unnest(?::text[]) AS s(stream)";
  private static final String STORED_IDS = "SELECT event_id, stream, version, position FROM events WHERE event_id = ANY(?::uuid[])";
  private static final String LOCK_AND_READ =
      "BEGIN; SELECT pg_advisory_xact_lock(?); " + HEAD + "; " + VERSIONS + "; " + STORED_IDS;
  private static final String WRITE_AND_COMMIT = INSERT_UNNEST + "; SELECT pg_notify(?, ?); COMMIT";

  private final long lockKey;
  private final String channel;

  PostgresOps(String schema) {
    // A fixed prefix and the schema's hash: one lock per store, unrelated stores do not contend.
    this.lockKey = 0x536F6C7300000000L ^ (schema.hashCode() & 0xFFFFFFFFL);
    this.channel = channelFor(schema);
  }

  static String channelFor(String schema) {
    return "solstice_append_" + schema;
  }

  @Override
  public GroupState lockAndRead(Connection c, Collection<String> streams, Collection<UUID> ids) throws SQLException {
    long head = 0;
    Map<String, Long> versions = new HashMap<>();
    Map<UUID, StoredEvent> stored = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(LOCK_AND_READ)) {
      ps.setLong(1, lockKey);
      ps.setArray(2, c.createArrayOf("text", streams.toArray(String[]::new)));
      ps.setArray(3, c.createArrayOf("uuid", ids.toArray(UUID[]::new)));
      int resultSet = 0; // 0: the lock, 1: head, 2: versions, 3: stored ids
      boolean isResultSet = ps.execute();
      while (isResultSet || ps.getUpdateCount() != -1) {
        if (isResultSet) {
          try (ResultSet rs = ps.getResultSet()) {
            switch (resultSet++) {
              case 1 -> {
                rs.next();
                head = rs.getLong(1);
              }
              case 2 -> readVersions(rs, versions);
              case 3 -> readStored(rs, stored);
              default -> { } // the lock's row
            }
          }
        }
        isResultSet = ps.getMoreResults();
      }
      if (resultSet != 4) {
        throw new SQLException("expected 4 results from the group's lock-and-read request, got " + resultSet);
      }
    }
    return new GroupState(head, versions, stored);
  }

  @Override
  public void writeAndCommit(Connection c, List<EventRow> rows, long head) throws SQLException {
    if (rows.isEmpty()) {
      commit(c);
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(WRITE_AND_COMMIT)) {
      int p = bindInsert(c, ps, rows);
      ps.setString(p++, channel);
      ps.setString(p, Long.toString(head));
      ps.execute();
      while (ps.getMoreResults() || ps.getUpdateCount() != -1) {
        // drain: the insert's count, the notify's row, the commit
      }
    }
  }

  @Override
  public void begin(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("BEGIN; SELECT pg_advisory_xact_lock(?)")) {
      ps.setLong(1, lockKey);
      ps.execute();
      while (ps.getMoreResults() || ps.getUpdateCount() != -1) {
        // drain
      }
    }
  }

  @Override
  public void commit(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("COMMIT");
    }
  }

  @Override
  public void rollback(Connection c) throws SQLException {
    if (!c.getAutoCommit()) {
      c.rollback();
      c.setAutoCommit(true);
      return;
    }
    try (Statement s = c.createStatement()) {
      s.execute("ROLLBACK"); // outside a transaction the server only warns
    }
  }

  @Override
  public Map<String, Long> versions(Connection c, Collection<String> streams) throws SQLException {
    Map<String, Long> versions = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(VERSIONS)) {
      ps.setArray(1, c.createArrayOf("text", streams.toArray(String[]::new)));
      try (ResultSet rs = ps.executeQuery()) {
        readVersions(rs, versions);
      }
    }
    return versions;
  }

  private static void readVersions(ResultSet rs, Map<String, Long> versions) throws SQLException {
    while (rs.next()) {
      long v = rs.getLong(2);
      if (!rs.wasNull()) {
        versions.put(rs.getString(1), v);
      }
    }
  }

  @Override
  public Map<UUID, StoredEvent> storedIds(Connection c, Collection<UUID> ids) throws SQLException {
    Map<UUID, StoredEvent> stored = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(STORED_IDS)) {
      ps.setArray(1, c.createArrayOf("uuid", ids.toArray(UUID[]::new)));
      try (ResultSet rs = ps.executeQuery()) {
        readStored(rs, stored);
      }
    }
    return stored;
  }

  private static void readStored(ResultSet rs, Map<UUID, StoredEvent> stored) throws SQLException {
    while (rs.next()) {
      stored.put(rs.getObject(1, UUID.class), new StoredEvent(rs.getString(2), rs.getLong(3), rs.getLong(4)));
    }
  }

  @Override
  public void insert(Connection c, List<EventRow> rows) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT_UNNEST)) {
      bindInsert(c, ps, rows);
      ps.executeUpdate();
    }
  }

  /** Binds the 13 column arrays of {@code rows} from parameter 1; returns the next free index. */
  private static int bindInsert(Connection c, PreparedStatement ps, List<EventRow> rows) throws SQLException {
    int n = rows.size();
    Long[] positions = new Long[n];
    String[] tenants = new String[n];
    String[] categories = new String[n];
    String[] streams = new String[n];
    Long[] versions = new Long[n];
    UUID[] ids = new UUID[n];
    String[] types = new String[n];
    byte[][] data = new byte[n][];
    String[] correlations = new String[n];
    String[] causations = new String[n];
    String[] traceparents = new String[n];
    String[] producers = new String[n];
    Long[] recordedAt = new Long[n];
    for (int i = 0; i < n; i++) {
      EventRow row = rows.get(i);
      var m = row.event().metadata();
      positions[i] = row.position();
      tenants[i] = row.stream().tenant();
      categories[i] = row.stream().category();
      streams[i] = row.stream().canonical();
      versions[i] = row.version();
      ids[i] = row.event().eventId();
      types[i] = row.event().type();
      data[i] = row.event().data();
      correlations[i] = m.correlationId();
      causations[i] = m.causationId();
      traceparents[i] = m.traceparent();
      producers[i] = m.producer();
      recordedAt[i] = row.recordedAtMicros();
    }
    int p = 1;
    ps.setArray(p++, c.createArrayOf("bigint", positions));
    ps.setArray(p++, c.createArrayOf("text", tenants));
    ps.setArray(p++, c.createArrayOf("text", categories));
    ps.setArray(p++, c.createArrayOf("text", streams));
    ps.setArray(p++, c.createArrayOf("bigint", versions));
    ps.setArray(p++, c.createArrayOf("uuid", ids));
    ps.setArray(p++, c.createArrayOf("text", types));
    ps.setArray(p++, c.createArrayOf("bytea", data));
    ps.setArray(p++, c.createArrayOf("text", correlations));
    ps.setArray(p++, c.createArrayOf("text", causations));
    ps.setArray(p++, c.createArrayOf("text", traceparents));
    ps.setArray(p++, c.createArrayOf("text", producers));
    ps.setArray(p++, c.createArrayOf("bigint", recordedAt));
    return p;
  }

  @Override
  public void notifyAppended(Connection c, long head) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
      ps.setString(1, channel);
      ps.setString(2, Long.toString(head));
      ps.execute();
    }
  }

  @Override
  public void setUuid(PreparedStatement ps, int index, UUID id) throws SQLException {
    ps.setObject(index, id);
  }

  @Override
  public UUID getUuid(ResultSet rs, int index) throws SQLException {
    return rs.getObject(index, UUID.class);
  }
}
