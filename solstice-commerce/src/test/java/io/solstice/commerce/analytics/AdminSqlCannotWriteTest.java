package io.solstice.commerce.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solstice.commerce.shared.InvalidInputException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 11, fix 4: the admin analytics SQL endpoint could write. A regex gate knew {@code $$}
 * strings but not tagged ones, so {@code SELECT $q$'$q$; CREATE TABLE pwned …; SELECT $q$'$q$}
 * passed as "one statement", and DuckDB ran every statement before the last. Now DuckDB's own parser
 * decides (exactly one statement, and a query), the database refuses external access and
 * configuration changes, and queries have a timeout and caps on rows and bytes. Every refusal leaves
 * the database as it was.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminSqlCannotWriteTest {
  private Path data;
  private AnalyticsDatabase db;
  private Analytics analytics;

  @BeforeAll
  void open(@TempDir Path dir) throws InterruptedException {
    data = dir;
    db = AnalyticsDatabase.open(AnalyticsDatabase.fileIn(data),
        AnalyticsSettings.defaults().withFlushInterval(Duration.ZERO).withQueryTimeout(Duration.ofMillis(500)));
    analytics = db.analytics();
    BigDecimal total = new BigDecimal("10.00");
    db.write(new OrderFacts("acme", "o1", "a@example.com", "confirmed", Instant.parse("2025-03-01T10:00:00Z"), null,
        Instant.parse("2025-03-01T10:00:01Z"), total, BigDecimal.ZERO, total, "EUR", 1, 3,
        List.of(new OrderFacts.Line("SKU", "Thing", 1, total, total))));
  }

  @AfterAll
  void close() {
    db.close();
  }

  /** Tables, views, settings and orders: what a write would change. */
  private List<List<Object>> state() {
    return List.of(
        analytics.query("SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables").rows().getFirst(),
        analytics.query("SELECT count(*), sum(total) FROM orders").rows().getFirst(),
        analytics.query("SELECT current_setting('threads'), current_setting('enable_external_access')").rows().getFirst());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT $q$'$q$; CREATE TABLE pwned AS SELECT 42 AS x; COMMIT; BEGIN TRANSACTION; SELECT $q$'$q$",
      "CREATE TABLE pwned AS SELECT 42 AS x",
      "INSERT INTO orders SELECT * FROM orders",
      "COPY orders TO 'stolen.csv'",
      "ATTACH 'other.duckdb' AS other",
      "INSTALL httpfs",
      "LOAD httpfs",
      "SET threads = 1",
      "SET enable_external_access = true",
      "RESET lock_configuration",
      "SELECT * FROM read_csv('/etc/passwd')",
      "SELECT * FROM query('CREATE TABLE pwned AS SELECT 1')",
      "SELECT 1; DELETE FROM orders",
      "UPDATE orders SET total = 0",
      "CALL checkpoint()",
      "PRAGMA enable_profiling"})
  void aStatementThatWritesReadsFilesOrReconfiguresIsRefusedAndChangesNothing(String sql) {
    List<List<Object>> before = state();

    assertThatThrownBy(() -> analytics.query(sql)).as(sql).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("the statement");

    assertThat(state()).as(sql).isEqualTo(before);
    assertThat(data.resolve("stolen.csv")).doesNotExist();
    assertThat(data.resolve("other.duckdb")).doesNotExist();
  }

  @Test
  void queriesAsDuckDbParsesThemAreAccepted() {
    assertThat(analytics.query("SELECT count(*) FROM orders").rows()).containsExactly(List.of(1L));
    assertThat(analytics.query("  FROM orders SELECT order_id ;").rows()).containsExactly(List.of("o1"));
    assertThat(analytics.query("WITH t AS (SELECT 'a;b' AS s) SELECT s FROM t").rows()).containsExactly(List.of("a;b"));
    assertThat(analytics.query("SELECT $q$it's; DROP TABLE orders$q$ AS s").rows()).containsExactly(List.of("it's; DROP TABLE orders"));
    assertThat(analytics.query("EXPLAIN SELECT * FROM orders").columns()).isNotEmpty();
    assertThat(analytics.query("DESCRIBE orders").columns()).contains("column_name");
  }

  @Test
  void anExplainOfAWriteIsRefused() {
    assertThatThrownBy(() -> analytics.query("EXPLAIN ANALYZE CREATE TABLE pwned AS SELECT 1")).isInstanceOf(InvalidInputException.class);
    assertThat(analytics.query("SELECT count(*) FROM information_schema.tables WHERE table_name = 'pwned'").rows()).containsExactly(List.of(0L));
  }

  @Test
  void aQueryRunningPastTheTimeoutIsInterrupted() {
    assertThatThrownBy(() -> analytics.query("SELECT count(*) FROM range(100000000000) a"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("interrupted");
  }

  @Test
  void aResultIsCutAtTheByteCap(@TempDir Path other) {
    try (AnalyticsDatabase small = AnalyticsDatabase.open(AnalyticsDatabase.fileIn(other), AnalyticsSettings.defaults().withMaxResultBytes(10_000))) {
      QueryResult r = small.analytics().query("SELECT repeat('x', 1000) FROM range(100)");
      assertThat(r.truncated()).isTrue();
      assertThat(r.rows()).hasSizeLessThan(11);
    }
  }
}
