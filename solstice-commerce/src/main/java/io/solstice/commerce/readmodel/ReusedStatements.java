package io.solstice.commerce.readmodel;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * One transaction's connection that prepares each SQL text once: a projection batch applies the
 * same few statements to every event, and SQLite parses and plans a statement on every {@code
 * prepareStatement} (a quarter of the projections' CPU before this). Neither HikariCP nor
 * sqlite-jdbc caches statements, and a cache that outlives the transaction would have to follow
 * the pool's physical connections, so this one lives exactly as long as the transaction: {@link
 * #close()} closes every statement it prepared.
 *
 * <p>{@link #connection()} hands out statements whose {@code close()} returns them for reuse; a
 * text whose statement is still open (a caller nesting the same query) gets a fresh one that is
 * closed as usual. Single-threaded, like the transaction it serves.
 */
final class ReusedStatements implements AutoCloseable {
  private final Connection connection;
  private final Connection view;
  private final Map<String, Cached> prepared = new HashMap<>();

  private static final class Cached {
    final PreparedStatement statement;
    boolean open;

    Cached(PreparedStatement statement) {
      this.statement = statement;
    }
  }

  ReusedStatements(Connection connection) {
    this.connection = connection;
    this.view = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, this::onConnection);
  }

  /** The connection to apply the transaction's work through. */
  Connection connection() {
    return view;
  }

  private Object onConnection(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getName().equals("prepareStatement") && args != null && args.length == 1 && args[0] instanceof String sql) {
      Cached cached = prepared.get(sql);
      if (cached == null) {
        cached = new Cached(connection.prepareStatement(sql));
        prepared.put(sql, cached);
      } else if (cached.open) {
        return connection.prepareStatement(sql);
      } else {
        cached.statement.clearParameters();
      }
      cached.open = true;
      return lend(cached);
    }
    return call(connection, method, args);
  }

  private PreparedStatement lend(Cached cached) {
    InvocationHandler handler = (proxy, method, args) -> {
      if (method.getName().equals("close")) {
        cached.open = false;
        return null;
      }
      if (method.getName().equals("isClosed")) {
        return !cached.open;
      }
      return call(cached.statement, method, args);
    };
    return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(), new Class<?>[] {PreparedStatement.class}, handler);
  }

  private static Object call(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** Closes every statement prepared for the transaction (the first failure is thrown, the rest suppressed). */
  @Override
  public void close() throws SQLException {
    SQLException failure = null;
    for (Cached c : prepared.values()) {
      try {
        c.statement.close();
      } catch (SQLException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    prepared.clear();
    if (failure != null) {
      throw failure;
    }
  }
}
