package io.solstice.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 */
final class PostgresOps implements DialectOps {

  private static final String INSERT_UNNEST = "INSERT INTO events (" + INSERT_COLUMNS + ") SELECT * FROM unnest("
      + "?::bigint[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::uuid[], ?::text[], ?::bytea[], "
      + "?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[])";

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
  public void begin(Connection c) throws SQLException {
    c.setAutoCommit(false);
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      ps.setLong(1, lockKey);
      ps.execute();
    }
  }

  @Override
  public void commit(Connection c) throws SQLException {
    c.commit();
    c.setAutoCommit(true);
  }

  @Override
  public void rollback(Connection c) throws SQLException {
    if (!c.getAutoCommit()) {
      c.rollback();
      c.setAutoCommit(true);
    }
  }

  @Override
  public Map<String, Long> versions(Connection c, Collection<String> streams) throws SQLException {
    Map<String, Long> versions = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT s.stream, (SELECT max(e.version) FROM events e WHERE e.stream = s.stream) FROM unnest(?::text[]) AS s(stream)")) {
      ps.setArray(1, c.createArrayOf("text", streams.toArray(String[]::new)));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long v = rs.getLong(2);
          if (!rs.wasNull()) {
            versions.put(rs.getString(1), v);
          }
        }
      }
    }
    return versions;
  }

  @Override
  public Map<UUID, StoredEvent> storedIds(Connection c, Collection<UUID> ids) throws SQLException {
    Map<UUID, StoredEvent> stored = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT event_id, stream, version, position FROM events WHERE event_id = ANY(?::uuid[])")) {
      ps.setArray(1, c.createArrayOf("uuid", ids.toArray(UUID[]::new)));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          stored.put(rs.getObject(1, UUID.class), new StoredEvent(rs.getString(2), rs.getLong(3), rs.getLong(4)));
        }
      }
    }
    return stored;
  }

  @Override
  public void insert(Connection c, List<EventRow> rows) throws SQLException {
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
    try (PreparedStatement ps = c.prepareStatement(INSERT_UNNEST)) {
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
      ps.setArray(p, c.createArrayOf("bigint", recordedAt));
      ps.executeUpdate();
    }
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
