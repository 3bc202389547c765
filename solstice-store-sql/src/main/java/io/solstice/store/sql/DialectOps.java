package io.solstice.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The few statements whose shape differs between SQLite and PostgreSQL: the write transaction
 * (and its store-wide lock), the group's batched look-ups, the multi-row insert, and the append
 * notification. Everything else is plain SQL shared by both dialects.
 */
sealed interface DialectOps permits SqliteOps, PostgresOps {

  /** The columns of an event row, in insert order. */
  String INSERT_COLUMNS =
      "position, tenant, category, stream, version, event_id, type, data, correlation_id, causation_id, traceparent, producer, recorded_at";

  /** What a group's transaction reads under the write lock before deciding its appends. */
  record GroupState(long head, Map<String, Long> versions, Map<UUID, StoredEvent> stored) {}

  /**
   * Starts the group's transaction, takes the store-wide write lock and reads, under it, the head
   * position, the current version of each of {@code streams} and where any of {@code ids} are
   * stored. The maps are mutable: the caller updates them as it decides the group.
   */
  default GroupState lockAndRead(Connection c, Collection<String> streams, Collection<UUID> ids) throws SQLException {
    begin(c);
    return new GroupState(head(c), versions(c, streams), storedIds(c, ids));
  }

  /**
   * Inserts the group's rows (none when every append was refused or a duplicate), tells other
   * processes the new {@code head}, and commits, releasing the lock.
   */
  default void writeAndCommit(Connection c, List<EventRow> rows, long head) throws SQLException {
    if (!rows.isEmpty()) {
      insert(c, rows);
      notifyAppended(c, head);
    }
    commit(c);
  }

  /** Starts a write transaction holding the store-wide write lock (released by commit or rollback). */
  void begin(Connection c) throws SQLException;

  void commit(Connection c) throws SQLException;

  void rollback(Connection c) throws SQLException;

  /** The highest stored position (0 when empty); called under the write lock. */
  default long head(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT max(position) FROM events");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The current version of each given stream (canonical names) that has events. */
  Map<String, Long> versions(Connection c, Collection<String> streams) throws SQLException;

  /** Where each given event id is stored, for the ids that are. */
  Map<UUID, StoredEvent> storedIds(Connection c, Collection<UUID> ids) throws SQLException;

  /** Inserts the rows of one group (the hot path). */
  void insert(Connection c, List<EventRow> rows) throws SQLException;

  /** Tells other processes' readers that the store's head moved to {@code head}; part of the append transaction. */
  void notifyAppended(Connection c, long head) throws SQLException;

  void setUuid(PreparedStatement ps, int index, UUID id) throws SQLException;

  UUID getUuid(ResultSet rs, int index) throws SQLException;

  /** Binds one row's 13 columns from {@code index}; returns the next free index. */
  default int bindRow(PreparedStatement ps, int index, EventRow row) throws SQLException {
    int p = index;
    var m = row.event().metadata();
    ps.setLong(p++, row.position());
    ps.setString(p++, row.stream().tenant());
    ps.setString(p++, row.stream().category());
    ps.setString(p++, row.stream().canonical());
    ps.setLong(p++, row.version());
    setUuid(ps, p++, row.event().eventId());
    ps.setString(p++, row.event().type());
    ps.setBytes(p++, row.event().data());
    ps.setString(p++, m.correlationId());
    ps.setString(p++, m.causationId());
    ps.setString(p++, m.traceparent());
    ps.setString(p++, m.producer());
    ps.setLong(p++, row.recordedAtMicros());
    return p;
  }
}
