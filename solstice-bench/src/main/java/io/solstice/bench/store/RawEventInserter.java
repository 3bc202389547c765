package io.solstice.bench.store;

import io.solstice.core.EventData;
import io.solstice.core.EventMetadata;
import io.solstice.core.store.AppendRequest;
import io.solstice.core.store.ExpectedVersion;
import io.solstice.store.sql.SqlDialect;
import io.solstice.store.sql.SqlEventStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Inserts events straight into a SQL store's {@code events} table, with no checks, as multi-row
 * {@code INSERT … VALUES} statements of up to {@value #ROWS_PER_STATEMENT} rows in one transaction:
 * the "ceiling" baseline of {@code solstice bench store} and the bulk load of {@code solstice bench
 * pipeline}. Not a way to write production data: no tenant, size, duplicate or concurrency checks.
 *
 * <p>Positions continue from the highest stored one; versions follow each request's expected
 * version (exact → next, {@code NO_STREAM} → 0, {@code ANY} → after the stored version, read once
 * per call). Run it only while nothing else appends to the store: it takes SQLite's write lock
 * ({@code BEGIN IMMEDIATE}) but not the store's PostgreSQL advisory lock, so a concurrent append
 * there could collide on a position. Afterwards the store is told its new head ({@link
 * SqlEventStore#headPosition()} re-reads it), so its readers see the rows at once.
 */
public final class RawEventInserter {

  /** Rows per {@code INSERT} statement. */
  public static final int ROWS_PER_STATEMENT = 1_000;

  private static final String COLUMNS =
      "position, tenant, category, stream, version, event_id, type, data, correlation_id, causation_id, traceparent, producer, recorded_at";

  private RawEventInserter() {}

  /**
   * Inserts every event of {@code requests} in one transaction.
   *
   * @throws IllegalStateException if the database refuses (the message names the store)
   */
  public static void insert(SqlEventStore store, List<AppendRequest> requests) {
    if (requests.isEmpty()) {
      return;
    }
    boolean sqlite = store.dialect() == SqlDialect.SQLITE;
    try (Connection c = store.dataSource().getConnection()) {
      begin(c, sqlite);
      try {
        long head = head(c);
        Map<String, Long> versions = anyVersions(c, requests);
        long recordedAt = System.currentTimeMillis() * 1_000;
        long position = head;
        List<Row> rows = new java.util.ArrayList<>();
        for (AppendRequest r : requests) {
          String stream = r.stream().canonical();
          long version = switch (r.expected()) {
            case ExpectedVersion.Any a -> versions.getOrDefault(stream, -1L);
            case ExpectedVersion.NoStream n -> -1L;
            case ExpectedVersion.Exact e -> e.version();
          };
          for (EventData e : r.events()) {
            rows.add(new Row(++position, r, ++version, e));
          }
          versions.put(stream, version);
        }
        for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
          insertRows(c, rows.subList(from, Math.min(rows.size(), from + ROWS_PER_STATEMENT)), recordedAt, sqlite);
        }
        commit(c, sqlite);
      } catch (SQLException | RuntimeException e) {
        rollback(c, sqlite);
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("raw insert of " + requests.size() + " request(s) into " + store.config().describe() + " failed: "
          + e.getMessage(), e);
    }
    store.headPosition();
  }

  private record Row(long position, AppendRequest request, long version, EventData event) {}

  private static void insertRows(Connection c, List<Row> rows, long recordedAt, boolean sqlite) throws SQLException {
    StringBuilder sql = new StringBuilder("INSERT INTO events (" + COLUMNS + ") VALUES ");
    for (int i = 0; i < rows.size(); i++) {
      sql.append(i == 0 ? "" : ",").append("(?,?,?,?,?,?,?,?,?,?,?,?,?)");
    }
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      int p = 1;
      for (Row row : rows) {
        EventMetadata m = row.event().metadata();
        ps.setLong(p++, row.position());
        ps.setString(p++, row.request().stream().tenant());
        ps.setString(p++, row.request().stream().category());
        ps.setString(p++, row.request().stream().canonical());
        ps.setLong(p++, row.version());
        if (sqlite) {
          ps.setString(p++, row.event().eventId().toString());
        } else {
          ps.setObject(p++, row.event().eventId());
        }
        ps.setString(p++, row.event().type());
        ps.setBytes(p++, row.event().data());
        ps.setString(p++, m.correlationId());
        ps.setString(p++, m.causationId());
        ps.setString(p++, m.traceparent());
        ps.setString(p++, m.producer());
        ps.setLong(p++, recordedAt);
      }
      ps.executeUpdate();
    }
  }

  private static long head(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT coalesce(max(position), 0) FROM events")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The stored version of every stream appended to with {@code ANY}. */
  private static Map<String, Long> anyVersions(Connection c, List<AppendRequest> requests) throws SQLException {
    Set<String> streams = new LinkedHashSet<>();
    for (AppendRequest r : requests) {
      if (r.expected() instanceof ExpectedVersion.Any) {
        streams.add(r.stream().canonical());
      }
    }
    Map<String, Long> versions = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT max(version) FROM events WHERE stream = ?")) {
      for (String stream : streams) {
        ps.setString(1, stream);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          long v = rs.getLong(1);
          if (!rs.wasNull()) {
            versions.put(stream, v);
          }
        }
      }
    }
    return versions;
  }

  private static void begin(Connection c, boolean sqlite) throws SQLException {
    if (sqlite) {
      try (Statement s = c.createStatement()) {
        s.execute("BEGIN IMMEDIATE");
      }
    } else {
      c.setAutoCommit(false);
    }
  }

  private static void commit(Connection c, boolean sqlite) throws SQLException {
    if (sqlite) {
      try (Statement s = c.createStatement()) {
        s.execute("COMMIT");
      }
    } else {
      c.commit();
      c.setAutoCommit(true);
    }
  }

  private static void rollback(Connection c, boolean sqlite) {
    try {
      if (sqlite) {
        try (Statement s = c.createStatement()) {
          s.execute("ROLLBACK");
        }
      } else if (!c.getAutoCommit()) {
        c.rollback();
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      // the connection is returned to the pool and reset; the original failure is what matters
    }
  }
}
