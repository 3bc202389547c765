package io.solstice.store.sql;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.function.Function;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source that counts the statements run through its connections in {@link
 * StatementCounts}: every {@code execute*} (a batch counts its entries), {@code commit}, {@code
 * rollback}, and {@code setAutoCommit(false)} as the BEGIN it is. Connections and statements are
 * wrapped in JDK proxies: one indirection per call, no SQL parsing beyond a substring test when a
 * statement is prepared.
 */
final class CountingDataSource implements DataSource {
  private final DataSource delegate;
  private final StatementCounts counts;
  private final Function<String, StatementCounts.Kind> classify;

  CountingDataSource(DataSource delegate, StatementCounts counts, Function<String, StatementCounts.Kind> classify) {
    this.delegate = delegate;
    this.counts = counts;
    this.classify = classify;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return wrap(delegate.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return wrap(delegate.getConnection(username, password));
  }

  private Connection wrap(Connection c) {
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        new ConnectionHandler(c));
  }

  private final class ConnectionHandler implements InvocationHandler {
    private final Connection connection;

    ConnectionHandler(Connection connection) {
      this.connection = connection;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      String name = method.getName();
      switch (name) {
        case "commit" -> counts.commit(classify.apply(null));
        case "rollback" -> counts.add(classify.apply(null), 1);
        case "setAutoCommit" -> {
          if (Boolean.FALSE.equals(args[0]) && connection.getAutoCommit()) {
            counts.add(classify.apply(null), 1);
          }
        }
        case "unwrap" -> {
          if (((Class<?>) args[0]).isInstance(connection)) {
            return connection;
          }
        }
        default -> {}
      }
      Object result = call(connection, method, args);
      if (result instanceof Statement s) {
        String sql = name.startsWith("prepare") && args != null && args.length > 0 && args[0] instanceof String q ? q : null;
        return wrapStatement(s, sql);
      }
      return result;
    }
  }

  private Object wrapStatement(Statement s, String sql) {
    Class<?> type = s instanceof CallableStatement ? CallableStatement.class
        : s instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
    return Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {type}, new StatementHandler(s, sql));
  }

  private final class StatementHandler implements InvocationHandler {
    private final Statement statement;
    private final StatementCounts.Kind preparedKind;
    private int batched;

    StatementHandler(Statement statement, String sql) {
      this.statement = statement;
      this.preparedKind = sql == null ? null : classify.apply(sql);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      String name = method.getName();
      if (name.equals("addBatch")) {
        batched++;
      } else if (name.equals("executeBatch") || name.equals("executeLargeBatch")) {
        counts.add(preparedKind != null ? preparedKind : classify.apply(null), Math.max(1, batched));
        batched = 0;
      } else if (name.startsWith("execute")) {
        String sql = args != null && args.length > 0 && args[0] instanceof String q ? q : null;
        StatementCounts.Kind kind = preparedKind != null ? preparedKind : classify.apply(sql);
        if ("COMMIT".equals(sql)) {
          counts.commit(kind);
        } else {
          counts.add(kind, 1);
        }
      } else if (name.equals("unwrap") && ((Class<?>) args[0]).isInstance(statement)) {
        return statement;
      }
      return call(statement, method, args);
    }
  }

  private static Object call(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return delegate.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return iface.isInstance(delegate) ? iface.cast(delegate) : delegate.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(delegate) || delegate.isWrapperFor(iface);
  }
}
