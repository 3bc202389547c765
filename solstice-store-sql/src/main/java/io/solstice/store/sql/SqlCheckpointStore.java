package io.solstice.store.sql;

import io.solstice.core.store.CheckpointKey;
import io.solstice.core.store.CheckpointStore;
import io.solstice.core.store.Lease;
import io.solstice.core.store.LeaseLostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Checkpoints in the store's {@code checkpoints} table (service, tenant, partition → position, updated_at). */
final class SqlCheckpointStore implements CheckpointStore {
  private static final String UPSERT = "INSERT INTO checkpoints (service, tenant, partition_key, position, updated_at) VALUES (?, ?, ?, ?, ?) "
      + "ON CONFLICT (service, tenant, partition_key) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at";

  private static final String UPSERT_FORWARD = "INSERT INTO checkpoints (service, tenant, partition_key, position, updated_at) "
      + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (service, tenant, partition_key) DO UPDATE SET "
      + "position = CASE WHEN excluded.position > checkpoints.position THEN excluded.position ELSE checkpoints.position END, "
      + "updated_at = excluded.updated_at";

  private final DataSource dataSource;
  private final Clock clock;
  private final String storeDescription;
  private final boolean postgres;

  SqlCheckpointStore(DataSource dataSource, Clock clock, String storeDescription, SqlDialect dialect) {
    this.dataSource = dataSource;
    this.clock = clock;
    this.storeDescription = storeDescription;
    this.postgres = dialect == SqlDialect.POSTGRES;
  }

  @Override
  public long load(CheckpointKey key) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT position FROM checkpoints WHERE service = ? AND tenant = ? AND partition_key = ?")) {
      ps.setString(1, key.service());
      ps.setString(2, key.tenant());
      ps.setString(3, key.partition());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0L;
      }
    } catch (SQLException e) {
      throw SqlFailure.of("loading checkpoint " + key, storeDescription, e);
    }
  }

  @Override
  public void save(CheckpointKey key, long position) {
    saveAll(Map.of(key, position));
  }

  @Override
  public void saveAll(Map<CheckpointKey, Long> positions) {
    write(positions, UPSERT, null);
  }

  /**
   * Stores the checkpoints (never moving one backwards) and, in the same transaction, checks that
   * {@code lease} is still held by that grant; if not, rolls back and throws. On PostgreSQL the
   * check locks the lease row ({@code FOR SHARE}), so a takeover waits for this commit and the new
   * holder then reads these checkpoints; on SQLite the upserts hold the single writer lock first.
   */
  @Override
  public void saveAll(Map<CheckpointKey, Long> positions, Lease lease) {
    write(positions, UPSERT_FORWARD, lease);
  }

  private void write(Map<CheckpointKey, Long> positions, String upsert, Lease lease) {
    if (positions.isEmpty()) {
      return;
    }
    long now = AppendExecutor.micros(clock.instant());
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(upsert)) {
        for (var e : positions.entrySet()) {
          ps.setString(1, e.getKey().service());
          ps.setString(2, e.getKey().tenant());
          ps.setString(3, e.getKey().partition());
          ps.setLong(4, e.getValue());
          ps.setLong(5, now);
          ps.addBatch();
        }
        ps.executeBatch();
        if (lease != null && !held(c, lease)) {
          c.rollback();
          throw new LeaseLostException(lease, "storing checkpoints " + positions.keySet());
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw SqlFailure.of("saving " + positions.size() + " checkpoint(s) " + positions.keySet(), storeDescription, e);
    }
  }

  private boolean held(Connection c, Lease lease) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM leases WHERE name = ? AND holder = ? AND token = ?"
        + (postgres ? " FOR SHARE" : ""))) {
      ps.setString(1, lease.name());
      ps.setString(2, lease.holder());
      ps.setLong(3, lease.token());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  @Override
  public List<Map.Entry<CheckpointKey, Long>> list(String service) {
    String sql = "SELECT service, tenant, partition_key, position FROM checkpoints"
        + (service == null ? "" : " WHERE service = ?") + " ORDER BY service, tenant, partition_key";
    List<Map.Entry<CheckpointKey, Long>> entries = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      if (service != null) {
        ps.setString(1, service);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          entries.add(Map.entry(new CheckpointKey(rs.getString(1), rs.getString(2), rs.getString(3)), rs.getLong(4)));
        }
      }
    } catch (SQLException e) {
      throw SqlFailure.of("listing checkpoints of " + (service == null ? "every service" : service), storeDescription, e);
    }
    return entries;
  }

  @Override
  public void reset(String service) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM checkpoints WHERE service = ?")) {
      ps.setString(1, service);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw SqlFailure.of("resetting checkpoints of " + service, storeDescription, e);
    }
  }
}
