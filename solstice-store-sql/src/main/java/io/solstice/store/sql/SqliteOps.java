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
 * SQLite: the write lock is SQLite's own (one writer per database file, taken by {@code BEGIN
 * IMMEDIATE}); look-ups are prepared once per group and stepped per key, which costs no round trip
 * in-process. The connection stays in auto-commit mode and transactions are explicit statements,
 * so the driver never holds a write lock between groups.
 */
final class SqliteOps implements DialectOps {

  @Override
  public void begin(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
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
      return;
    }
    try (Statement s = c.createStatement()) {
      s.execute("ROLLBACK");
    } catch (SQLException e) {
      if (!String.valueOf(e.getMessage()).contains("no transaction is active")) {
        throw e;
      }
    }
  }

  @Override
  public Map<String, Long> versions(Connection c, Collection<String> streams) throws SQLException {
    Map<String, Long> versions = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT max(version) FROM events WHERE stream = ?")) {
      for (String stream : streams) {
        ps.setString(1, stream);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            long v = rs.getLong(1);
            if (!rs.wasNull()) {
              versions.put(stream, v);
            }
          }
        }
      }
    }
    return versions;
  }

  @Override
  public Map<UUID, StoredEvent> storedIds(Connection c, Collection<UUID> ids) throws SQLException {
    Map<UUID, StoredEvent> stored = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT stream, version, position FROM events WHERE event_id = ?")) {
      for (UUID id : ids) {
        ps.setString(1, id.toString());
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            stored.put(id, new StoredEvent(rs.getString(1), rs.getLong(2), rs.getLong(3)));
          }
        }
      }
    }
    return stored;
  }

  @Override
  public void insert(Connection c, List<EventRow> rows) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO events (" + INSERT_COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
      for (EventRow row : rows) {
        bindRow(ps, 1, row);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  @Override
  public void notifyAppended(Connection c, long head) {
    // In-process readers are woken by the store's signal; SQLite has no cross-process notification.
  }

  @Override
  public void setUuid(PreparedStatement ps, int index, UUID id) throws SQLException {
    ps.setString(index, id.toString());
  }

  @Override
  public UUID getUuid(ResultSet rs, int index) throws SQLException {
    return UUID.fromString(rs.getString(index));
  }
}
