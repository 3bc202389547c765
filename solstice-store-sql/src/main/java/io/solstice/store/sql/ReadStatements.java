package io.solstice.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import org.sqlite.SQLiteConnection;

/**
 * The store's read statements, prepared once per physical SQLite connection and kept: the reads
 * that run on every request (a stream, the feed, a snapshot) parsed their SQL on every call, and
 * SQLite's {@code prepare} was 4–5% of the server's CPU under {@code bench checkout}. PostgreSQL
 * needs none of this: its driver already keeps server-side prepared statements per connection.
 *
 * <h2>How</h2>
 *
 * A statement is prepared on the pooled connection's physical SQLite connection (unwrapped
 * through the pool's proxy, which would close it when the connection goes back to the pool) and
 * wrapped by the statement counter, so {@code store_statements_per_order} still counts it. A pooled
 * connection has one borrower at a time, so its statements are used by one thread at a time; each
 * use binds every parameter and closes its result set, which resets the SQLite statement and ends
 * its read transaction (an open one would pin an old snapshot of the WAL). Statements of a
 * connection the pool has closed were finalized with it; their entry is dropped the next time a
 * connection is added. At most {@value #MAX_PER_CONNECTION} statements are kept per connection;
 * beyond that a statement is prepared per call, as before.
 */
final class ReadStatements {
  static final int MAX_PER_CONNECTION = 32;

  private final boolean enabled;
  private final CountingDataSource counting;
  private final Map<SQLiteConnection, Map<String, PreparedStatement>> byConnection = new IdentityHashMap<>();

  /** Keeps statements when {@code enabled} (SQLite); otherwise every call prepares and closes its own. */
  ReadStatements(boolean enabled, CountingDataSource counting) {
    this.enabled = enabled;
    this.counting = counting;
  }

  /** A statement for {@code sql} on {@code c}; close the answer after use (a kept statement stays open). */
  Prepared prepare(Connection c, String sql) throws SQLException {
    if (!enabled) {
      return new Prepared(c.prepareStatement(sql), false);
    }
    SQLiteConnection physical = c.unwrap(SQLiteConnection.class);
    Map<String, PreparedStatement> statements = statementsOf(physical);
    PreparedStatement kept = statements.get(sql);
    if (kept == null) {
      if (statements.size() >= MAX_PER_CONNECTION) {
        return new Prepared(c.prepareStatement(sql), false);
      }
      kept = counting.counted(physical.prepareStatement(sql), sql);
      statements.put(sql, kept);
    }
    return new Prepared(kept, true);
  }

  private Map<String, PreparedStatement> statementsOf(SQLiteConnection physical) throws SQLException {
    synchronized (byConnection) {
      Map<String, PreparedStatement> statements = byConnection.get(physical);
      if (statements == null) {
        for (Iterator<SQLiteConnection> it = byConnection.keySet().iterator(); it.hasNext(); ) {
          if (it.next().isClosed()) {
            it.remove();
          }
        }
        statements = new HashMap<>();
        byConnection.put(physical, statements);
      }
      return statements;
    }
  }

  /** A statement for one use: closing it closes a statement prepared for this call only. */
  record Prepared(PreparedStatement statement, boolean kept) implements AutoCloseable {
    @Override
    public void close() throws SQLException {
      if (!kept) {
        statement.close();
      }
    }
  }
}
