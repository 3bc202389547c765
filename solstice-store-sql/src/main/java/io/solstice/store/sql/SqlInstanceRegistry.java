package io.solstice.store.sql;

import io.solstice.core.store.InstanceRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;

/** Instances in the store's {@code instances} table; heartbeat times by the database's clock. */
final class SqlInstanceRegistry implements InstanceRegistry {
  private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

  private final DataSource dataSource;
  private final String now;
  private final String storeDescription;

  SqlInstanceRegistry(DataSource dataSource, SqlDialect dialect, String storeDescription) {
    this.dataSource = dataSource;
    this.now = SqlLeaseStore.nowMillis(dialect);
    this.storeDescription = storeDescription;
  }

  @Override
  public void heartbeat(Instance instance) {
    String sql = "INSERT INTO instances (instance_id, host, pid, url, started_at, heartbeat_at, services, status) "
        + "VALUES (?, ?, ?, ?, ?, " + now + ", ?, ?) ON CONFLICT (instance_id) DO UPDATE SET url = excluded.url, "
        + "heartbeat_at = excluded.heartbeat_at, services = excluded.services, status = excluded.status";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, instance.instanceId());
      ps.setString(2, instance.host());
      ps.setLong(3, instance.pid());
      ps.setString(4, instance.url());
      ps.setLong(5, instance.startedAt().toEpochMilli());
      ps.setString(6, String.join(",", instance.services()));
      ps.setString(7, instance.status());
      ps.executeUpdate();
    } catch (SQLException e) {
      throw SqlFailure.of("recording the heartbeat of instance " + instance.instanceId(), storeDescription, e);
    }
  }

  @Override
  public List<Instance> live(Duration within) {
    String sql = "SELECT instance_id, host, pid, url, started_at, heartbeat_at, services, status FROM instances "
        + "WHERE heartbeat_at > " + now + " - ? ORDER BY instance_id";
    List<Instance> result = new ArrayList<>();
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, within.toMillis());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String services = rs.getString(7);
          result.add(new Instance(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), Instant.ofEpochMilli(rs.getLong(5)),
              Instant.ofEpochMilli(rs.getLong(6)), services.isEmpty() ? List.of() : Arrays.asList(services.split(",")), rs.getString(8)));
        }
      }
    } catch (SQLException e) {
      throw SqlFailure.of("listing live instances", storeDescription, e);
    }
    return result;
  }

  @Override
  public void remove(String instanceId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM instances WHERE instance_id = ? OR heartbeat_at < " + now + " - ?")) {
      ps.setString(1, instanceId);
      ps.setLong(2, DAY_MILLIS);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw SqlFailure.of("removing instance " + instanceId, storeDescription, e);
    }
  }
}
