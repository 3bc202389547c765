package io.solstice.commerce.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A transaction's statements are prepared once per text, never shared while open, and closed with the transaction. */
class ReusedStatementsTest {
  private Connection sqlite;
  private final AtomicInteger prepares = new AtomicInteger();
  private Connection counted;

  @BeforeEach
  void open() throws SQLException {
    sqlite = DriverManager.getConnection("jdbc:sqlite::memory:");
    try (var s = sqlite.createStatement()) {
      s.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)");
    }
    counted = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (p, m, a) -> {
      if (m.getName().equals("prepareStatement")) {
        prepares.incrementAndGet();
      }
      return m.invoke(sqlite, a);
    });
  }

  @AfterEach
  void close() throws SQLException {
    sqlite.close();
  }

  @Test
  void aTextIsPreparedOnceAndItsParametersStartFreshEachTime() throws SQLException {
    try (ReusedStatements statements = new ReusedStatements(counted)) {
      for (int i = 0; i < 5; i++) {
        try (PreparedStatement ps = statements.connection().prepareStatement("INSERT INTO t (k, v) VALUES (?, ?)")) {
          ps.setString(1, "k" + i);
          ps.setInt(2, i);
          ps.executeUpdate();
        }
      }
    }
    assertThat(prepares).hasValue(1);
    assertThat(count()).isEqualTo(5);
  }

  @Test
  void aTextWhoseStatementIsStillOpenGetsAFreshOne() throws SQLException {
    insert("a", 1);
    insert("b", 2);
    try (ReusedStatements statements = new ReusedStatements(counted)) {
      String sql = "SELECT v FROM t WHERE k = ?";
      try (PreparedStatement outer = statements.connection().prepareStatement(sql)) {
        outer.setString(1, "a");
        try (ResultSet rs = outer.executeQuery()) {
          rs.next();
          try (PreparedStatement inner = statements.connection().prepareStatement(sql)) {
            inner.setString(1, "b");
            try (ResultSet innerRows = inner.executeQuery()) {
              innerRows.next();
              assertThat(innerRows.getInt(1)).isEqualTo(2);
            }
          }
          assertThat(rs.getInt(1)).isEqualTo(1);
        }
      }
    }
    assertThat(prepares).hasValue(2);
  }

  @Test
  void closingTheTransactionsStatementsClosesWhatItPrepared() throws SQLException {
    PreparedStatement underlying;
    ReusedStatements statements = new ReusedStatements(counted);
    try (PreparedStatement ps = statements.connection().prepareStatement("SELECT count(*) FROM t")) {
      underlying = ps.unwrap(PreparedStatement.class);
      assertThat(ps.isClosed()).isFalse();
    }
    assertThat(underlying.isClosed()).isFalse();
    statements.close();
    assertThat(underlying.isClosed()).isTrue();
  }

  private void insert(String k, int v) throws SQLException {
    try (PreparedStatement ps = sqlite.prepareStatement("INSERT INTO t (k, v) VALUES (?, ?)")) {
      ps.setString(1, k);
      ps.setInt(2, v);
      ps.executeUpdate();
    }
  }

  private int count() throws SQLException {
    try (var s = sqlite.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
