package io.solstice.store.sql;

import io.solstice.core.StreamName;
import io.solstice.core.store.TenantDirectory;
import io.solstice.core.store.TenantEntry;
import io.solstice.core.store.TenantPlacement;
import io.solstice.core.store.UnknownTenantException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.sql.DataSource;

/**
 * The tenant directory in the store's {@code tenants} table. Known tenants are cached in memory
 * (tenants are never removed); a miss re-reads the table, so a tenant registered by another process
 * is seen on its first append here.
 */
final class SqlTenantDirectory implements TenantDirectory {
  private final DataSource dataSource;
  private final Clock clock;
  private final String storeDescription;
  private final ConcurrentMap<String, TenantEntry> known = new ConcurrentHashMap<>();

  SqlTenantDirectory(DataSource dataSource, Clock clock, String storeDescription) {
    this.dataSource = dataSource;
    this.clock = clock;
    this.storeDescription = storeDescription;
  }

  @Override
  public TenantEntry register(String tenant, TenantPlacement placement) {
    StreamName.requireTenant(tenant);
    java.util.Objects.requireNonNull(placement, "placement");
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "INSERT INTO tenants (tenant, location, registered_at) VALUES (?, ?, ?) ON CONFLICT (tenant) DO NOTHING")) {
      ps.setString(1, tenant);
      ps.setString(2, placement.location());
      ps.setLong(3, AppendExecutor.micros(clock.instant()));
      ps.executeUpdate();
    } catch (SQLException e) {
      throw SqlFailure.of("registering tenant " + tenant, storeDescription, e);
    }
    return find(tenant).orElseThrow(() -> new IllegalStateException("tenant " + tenant + " vanished right after registration"));
  }

  @Override
  public Optional<TenantEntry> find(String tenant) {
    TenantEntry cached = known.get(tenant);
    if (cached != null) {
      return Optional.of(cached);
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT tenant, location, registered_at FROM tenants WHERE tenant = ?")) {
      ps.setString(1, tenant);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        TenantEntry entry = entry(rs);
        known.put(tenant, entry);
        return Optional.of(entry);
      }
    } catch (SQLException e) {
      throw SqlFailure.of("looking up tenant " + tenant, storeDescription, e);
    }
  }

  @Override
  public List<TenantEntry> list() {
    List<TenantEntry> entries = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT tenant, location, registered_at FROM tenants ORDER BY tenant");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        TenantEntry entry = entry(rs);
        known.putIfAbsent(entry.tenant(), entry);
        entries.add(entry);
      }
    } catch (SQLException e) {
      throw SqlFailure.of("listing tenants", storeDescription, e);
    }
    return entries;
  }

  /** Throws {@link UnknownTenantException} unless {@code tenant} is registered (cached; re-checked on a miss). */
  void requireKnown(String tenant) {
    if (!known.containsKey(tenant) && find(tenant).isEmpty()) {
      throw new UnknownTenantException(tenant);
    }
  }

  private static TenantEntry entry(ResultSet rs) throws SQLException {
    return new TenantEntry(rs.getString(1), new TenantPlacement(rs.getString(2)), AppendExecutor.instant(rs.getLong(3)));
  }
}
