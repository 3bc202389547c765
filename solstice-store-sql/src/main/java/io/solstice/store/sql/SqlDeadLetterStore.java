package io.solstice.store.sql;

import io.solstice.core.StreamName;
import io.solstice.core.store.DeadLetter;
import io.solstice.core.store.DeadLetterStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Dead letters in the store's {@code dead_letters} table. Parking the same event for the same
 * service again updates its row (attempts, error, parked_at, status PARKED) and keeps its id.
 */
final class SqlDeadLetterStore implements DeadLetterStore {
  private static final String COLUMNS = "id, service, stream, version, position, event_id, event_type, attempts, error, parked_at, status";

  private final DataSource dataSource;
  private final DialectOps ops;
  private final String storeDescription;

  SqlDeadLetterStore(DataSource dataSource, DialectOps ops, String storeDescription) {
    this.dataSource = dataSource;
    this.ops = ops;
    this.storeDescription = storeDescription;
  }

  @Override
  public long park(DeadLetter letter) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "INSERT INTO dead_letters (service, tenant, stream, version, position, event_id, event_type, attempts, error, parked_at, status) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (service, event_id) DO UPDATE SET attempts = excluded.attempts, "
                + "error = excluded.error, parked_at = excluded.parked_at, status = excluded.status RETURNING id")) {
      ps.setString(1, letter.service());
      ps.setString(2, letter.stream().tenant());
      ps.setString(3, letter.stream().canonical());
      ps.setLong(4, letter.version());
      ps.setLong(5, letter.position());
      ops.setUuid(ps, 6, letter.eventId());
      ps.setString(7, letter.eventType());
      ps.setInt(8, letter.attempts());
      ps.setString(9, letter.error());
      ps.setLong(10, AppendExecutor.micros(letter.parkedAt()));
      ps.setString(11, DeadLetter.Status.PARKED.name());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw SqlFailure.of("parking event " + letter.eventId() + " of " + letter.stream() + " for " + letter.service(), storeDescription, e);
    }
  }

  @Override
  public List<DeadLetter> list(String service, DeadLetter.Status status, int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1, was " + max);
    }
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM dead_letters WHERE 1 = 1");
    if (service != null) {
      sql.append(" AND service = ?");
    }
    if (status != null) {
      sql.append(" AND status = ?");
    }
    sql.append(" ORDER BY id LIMIT ?");
    List<DeadLetter> letters = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql.toString())) {
      int p = 1;
      if (service != null) {
        ps.setString(p++, service);
      }
      if (status != null) {
        ps.setString(p++, status.name());
      }
      ps.setInt(p, max);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          letters.add(letter(rs));
        }
      }
    } catch (SQLException e) {
      throw SqlFailure.of("listing dead letters", storeDescription, e);
    }
    return letters;
  }

  @Override
  public Optional<DeadLetter> find(long id) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM dead_letters WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(letter(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw SqlFailure.of("reading dead letter " + id, storeDescription, e);
    }
  }

  @Override
  public boolean updateStatus(long id, DeadLetter.Status status) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("UPDATE dead_letters SET status = ? WHERE id = ?")) {
      ps.setString(1, status.name());
      ps.setLong(2, id);
      return ps.executeUpdate() > 0;
    } catch (SQLException e) {
      throw SqlFailure.of("updating dead letter " + id + " to " + status, storeDescription, e);
    }
  }

  private DeadLetter letter(ResultSet rs) throws SQLException {
    return new DeadLetter(rs.getLong(1), rs.getString(2), StreamName.parse(rs.getString(3)), rs.getLong(4), rs.getLong(5),
        ops.getUuid(rs, 6), rs.getString(7), rs.getInt(8), rs.getString(9), AppendExecutor.instant(rs.getLong(10)),
        DeadLetter.Status.valueOf(rs.getString(11)));
  }
}
