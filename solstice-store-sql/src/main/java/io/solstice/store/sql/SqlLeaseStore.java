package io.solstice.store.sql;

import io.solstice.core.store.Lease;
import io.solstice.core.store.LeaseStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leases in the store's {@code leases} table, taken and renewed on one dedicated connection.
 *
 * <h2>How a lease is kept and fenced</h2>
 *
 * <ul>
 *   <li>Every grant, renewal and expiry is computed with the database's clock, so processes whose
 *       clocks differ agree. A grant is one {@code INSERT … ON CONFLICT DO UPDATE … WHERE free}
 *       that bumps the token, so two contenders can never both get the same lease.
 *   <li>On PostgreSQL the row records the backend pid of the holder's dedicated connection. A lease
 *       whose holder's backend is gone (the process was killed, its socket closed) is free at once:
 *       a standby takes over within its next attempt, not after the TTL. A holder cut off by the
 *       network keeps its backend until TCP keepalive notices, so the TTL bounds that case.
 *   <li>The connection uses TCP keepalive. Any error on it is doubt: the call fails, the connection
 *       is replaced on the next call, and the keeper treats its leases as lost.
 *   <li>Writes done for a lease (checkpoints) check the token in their own transaction ({@link
 *       SqlCheckpointStore#saveAll(java.util.Map, Lease)}): a stale holder's write is refused.
 * </ul>
 */
final class SqlLeaseStore implements LeaseStore, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SqlLeaseStore.class);

  private final SqlStoreConfig config;
  private final boolean postgres;
  private final String now;
  private final ReentrantLock lock = new ReentrantLock();
  private Connection connection;

  SqlLeaseStore(SqlStoreConfig config) {
    this.config = config;
    this.postgres = config.dialect() == SqlDialect.POSTGRES;
    this.now = nowMillis(config.dialect());
  }

  /** The database's clock in epoch milliseconds, as an SQL expression. */
  static String nowMillis(SqlDialect dialect) {
    return switch (dialect) {
      case POSTGRES -> "(extract(epoch from clock_timestamp()) * 1000)::bigint";
      case SQLITE -> "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)";
    };
  }

  /** The SQL condition under which the lease row {@code leases} is free now. */
  private String free() {
    String expired = "leases.expires_at <= " + now;
    return postgres ? "(" + expired + " OR NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.pid = leases.holder_session))" : expired;
  }

  @Override
  public Optional<Lease> tryAcquire(String name, String holder, Duration ttl) {
    String sql = "INSERT INTO leases (name, holder, token, expires_at, holder_session) VALUES (?, ?, 1, " + now + " + ?, "
        + (postgres ? "pg_backend_pid()" : "NULL") + ") ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, "
        + "token = leases.token + 1, expires_at = excluded.expires_at, holder_session = excluded.holder_session "
        + "WHERE " + free() + " OR leases.holder = excluded.holder RETURNING token";
    return call("acquiring lease " + name, c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, name);
        ps.setString(2, holder);
        ps.setLong(3, ttl.toMillis());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(new Lease(name, holder, rs.getLong(1))) : Optional.<Lease>empty();
        }
      }
    });
  }

  @Override
  public Set<Lease> renew(Collection<Lease> leases, Duration ttl) {
    if (leases.isEmpty()) {
      return Set.of();
    }
    StringBuilder where = new StringBuilder();
    for (int i = 0; i < leases.size(); i++) {
      where.append(i == 0 ? "" : " OR ").append("(name = ? AND holder = ? AND token = ?)");
    }
    String sql = "UPDATE leases SET expires_at = " + now + " + ? WHERE " + where + " RETURNING name, token";
    return call("renewing " + leases.size() + " lease(s)", c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        int i = 1;
        ps.setLong(i++, ttl.toMillis());
        for (Lease l : leases) {
          ps.setString(i++, l.name());
          ps.setString(i++, l.holder());
          ps.setLong(i++, l.token());
        }
        Set<String> renewedNames = new HashSet<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            renewedNames.add(rs.getString(1));
          }
        }
        Set<Lease> renewed = new HashSet<>();
        for (Lease l : leases) {
          if (renewedNames.contains(l.name())) {
            renewed.add(l);
          }
        }
        return renewed;
      }
    });
  }

  @Override
  public void release(Lease lease) {
    call("releasing lease " + lease.name(), c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE leases SET expires_at = 0 WHERE name = ? AND holder = ? AND token = ?")) {
        ps.setString(1, lease.name());
        ps.setString(2, lease.holder());
        ps.setLong(3, lease.token());
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public List<LeaseInfo> list() {
    String sql = "SELECT name, holder, token, CASE WHEN " + free() + " THEN 0 ELSE 1 END FROM leases ORDER BY name";
    return call("listing leases", c -> {
      List<LeaseInfo> result = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(new LeaseInfo(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getInt(4) == 1));
        }
      }
      return result;
    });
  }

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T call(String what, Work<T> work) {
    lock.lock();
    try {
      if (connection == null) {
        connection = open();
      }
      return work.run(connection);
    } catch (SQLException e) {
      closeQuietly();
      throw SqlFailure.of(what, config.describe(), e);
    } finally {
      lock.unlock();
    }
  }

  private Connection open() throws SQLException {
    Properties p = new Properties();
    if (postgres) {
      p.setProperty("tcpKeepAlive", "true");
      p.setProperty("connectTimeout", Long.toString(Math.max(1, config.connectionTimeout().toSeconds())));
      p.setProperty("socketTimeout", "10");
      p.setProperty("ApplicationName", "solstice-leases");
    } else {
      p.setProperty("busy_timeout", "10000");
    }
    Connection c = DriverManager.getConnection(config.jdbcUrl(), p);
    if (postgres) {
      c.setSchema(config.schema());
      try (Statement s = c.createStatement()) {
        s.execute("SET idle_in_transaction_session_timeout = 0");
      }
    }
    return c;
  }

  private void closeQuietly() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        log.debug("closing the lease connection of {} failed: {}", config.describe(), e.toString());
      }
      connection = null;
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closeQuietly();
    } finally {
      lock.unlock();
    }
  }
}
