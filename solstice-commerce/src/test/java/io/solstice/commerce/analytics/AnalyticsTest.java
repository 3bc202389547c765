package io.solstice.commerce.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solstice.commerce.shared.InvalidInputException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing order facts and querying them: sales per tenant and window, and the admin SQL gate. */
class AnalyticsTest {

  private static final Instant T10 = Instant.parse("2025-03-01T10:00:00Z");

  @TempDir Path data;

  private AnalyticsDatabase db;

  @BeforeEach
  void open() {
    db = AnalyticsDatabase.open(AnalyticsDatabase.fileIn(data), AnalyticsSettings.defaults().withFlushInterval(Duration.ZERO).withMaxRows(3));
  }

  @AfterEach
  void close() {
    db.close();
  }

  private static Instant at(String hhmm) {
    return Instant.parse("2025-03-01T" + hhmm + ":00Z");
  }

  private static OrderFacts order(String tenant, String id, String status, Instant placedAt, String total, int units, long version) {
    BigDecimal t = new BigDecimal(total);
    return new OrderFacts(tenant, id, id + "@example.com", status, placedAt, null, placedAt.plusSeconds(version), t, BigDecimal.ZERO, t, "EUR",
        units, version, List.of(new OrderFacts.Line("SKU-" + id, "Thing", units, t.divide(BigDecimal.valueOf(units), 4, java.math.RoundingMode.HALF_EVEN), t)));
  }

  private void write(OrderFacts... facts) throws InterruptedException {
    for (OrderFacts f : facts) {
      db.write(f);
    }
  }

  @Test
  void salesCountOnlyConfirmedOrLaterOrdersOfTheTenantPlacedInTheWindow() throws Exception {
    write(
        order("acme", "a1", "confirmed", at("10:05"), "10.00", 1, 5),
        order("acme", "a2", "shipped", at("10:40"), "20.50", 2, 9),
        order("acme", "a3", "cancelled", at("10:50"), "99.00", 1, 6),
        order("acme", "a4", "rejected", at("11:10"), "15.00", 1, 2),
        order("acme", "a5", "payment_declined", at("11:20"), "16.00", 1, 3),
        order("acme", "a6", "completed", at("11:59"), "7.25", 3, 12),
        order("acme", "a7", "placed", at("11:30"), "8.00", 1, 0),
        order("acme", "before", "confirmed", at("09:59"), "1000.00", 1, 5),
        order("acme", "after", "confirmed", at("12:00"), "1000.00", 1, 5),
        order("globex", "g1", "confirmed", at("10:30"), "500.00", 4, 5));

    SalesReport acme = db.analytics().sales("acme", at("10:00"), at("12:00"));

    assertThat(acme.currency()).isEqualTo("EUR");
    assertThat(acme.placed()).isEqualTo(7);
    assertThat(acme.orders()).isEqualTo(3);
    assertThat(acme.units()).isEqualTo(6);
    assertThat(acme.revenue()).isEqualTo(new BigDecimal("37.75"));
    assertThat(acme.hours()).containsExactly(
        new SalesReport.Hour(at("10:00"), 3, 2, 3, new BigDecimal("30.50")),
        new SalesReport.Hour(at("11:00"), 4, 1, 3, new BigDecimal("7.25")));
    assertThat(io.solstice.core.codec.Json.mapper().writeValueAsString(acme)).isEqualTo("{\"tenant\":\"acme\","
        + "\"from\":\"2025-03-01T10:00:00Z\",\"to\":\"2025-03-01T12:00:00Z\",\"currency\":\"EUR\",\"placed\":7,\"orders\":3,\"units\":6,"
        + "\"revenue\":37.75,\"hours\":[{\"hour\":\"2025-03-01T10:00:00Z\",\"placed\":3,\"orders\":2,\"units\":3,\"revenue\":30.50},"
        + "{\"hour\":\"2025-03-01T11:00:00Z\",\"placed\":4,\"orders\":1,\"units\":3,\"revenue\":7.25}]}");
    SalesReport globex = db.analytics().sales("globex", at("10:00"), at("12:00"));
    assertThat(globex.orders()).isEqualTo(1);
    assertThat(globex.revenue()).isEqualTo(new BigDecimal("500.00"));
  }

  @Test
  void aWindowWithoutOrdersReportsZerosInTheTenantsCurrency() throws Exception {
    write(order("acme", "a1", "confirmed", at("10:05"), "10.00", 1, 5));

    SalesReport quiet = db.analytics().sales("acme", at("14:00"), at("15:00"));

    assertThat(quiet.currency()).isEqualTo("EUR");
    assertThat(quiet.orders()).isZero();
    assertThat(quiet.revenue()).isEqualTo(new BigDecimal("0.00"));
    assertThat(quiet.hours()).isEmpty();
    assertThat(db.analytics().sales("nobody", at("10:00"), at("11:00")).currency()).isNull();
  }

  @Test
  void anOlderVersionNeverReplacesANewerOne() throws Exception {
    write(order("acme", "a1", "confirmed", at("10:05"), "10.00", 1, 5));
    write(order("acme", "a1", "placed", at("10:05"), "10.00", 1, 0), order("acme", "a1", "confirmed", at("10:05"), "10.00", 1, 5));

    QueryResult rows = db.analytics().query("SELECT status, version FROM orders");

    assertThat(rows.rows()).containsExactly(List.of("confirmed", 5L));
    assertThat(db.analytics().query("SELECT count(*) FROM order_lines").rows()).containsExactly(List.of(1L));
  }

  @Test
  void aRowDuckDbRefusesFailsOnlyItsOwnWriteNotItsBatch() throws Exception {
    try (AnalyticsDatabase lingering = AnalyticsDatabase.open(data.resolve("lingering").resolve(AnalyticsDatabase.FILE_NAME),
        AnalyticsSettings.defaults().withFlushInterval(Duration.ofMillis(300)));
        var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      OrderFacts tooBig = order("acme", "big", "confirmed", at("10:05"), "100000000000000.00", 1, 1); // over DECIMAL(18,4)
      OrderFacts fine = order("acme", "fine", "confirmed", at("10:05"), "10.00", 1, 1);
      var bad = java.util.concurrent.CompletableFuture.runAsync(() -> {
        try {
          lingering.write(tooBig);
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
      }, threads);
      lingering.write(fine);

      assertThatThrownBy(bad::join).hasCauseInstanceOf(AnalyticsWriteException.class).hasMessageContaining("acme/big");
      assertThat(lingering.analytics().query("SELECT order_id FROM orders").rows()).containsExactly(List.of("fine"));
    }
  }

  @Test
  void aWindowMustEndAfterItStarts() {
    assertThatThrownBy(() -> db.analytics().sales("acme", at("11:00"), at("10:00")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("from before to");
  }

  @Test
  void queryRefusesStatementsThatWrite() {
    for (String sql : List.of("DELETE FROM orders", "INSERT INTO orders SELECT * FROM orders", "DROP TABLE orders",
        "UPDATE orders SET status = 'x'", "COPY orders TO 'out.csv'", "ATTACH 'other.duckdb'", "SET memory_limit = '1GB'",
        "CREATE TABLE t AS SELECT 1", "PRAGMA version", "EXPLAIN ANALYZE DELETE FROM orders",
        "WITH x AS (SELECT 1) DELETE FROM orders", "SELECT 1; DROP TABLE orders", "  ", "CALL pragma_version()")) {
      assertThatThrownBy(() -> db.analytics().query(sql)).as(sql).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("the statement");
    }
    assertThat(db.analytics().query("SELECT count(*) FROM orders").rows()).containsExactly(List.of(0L));
  }

  @Test
  void queryAcceptsReadingStatementsWithWritingWordsInsideLiterals() {
    QueryResult r = db.analytics().query("""
        -- which orders were cancelled; a comment with DELETE in it
        SELECT 'DELETE; DROP' AS "update", 2 AS n;""");

    assertThat(r.columns()).containsExactly("update", "n");
    assertThat(r.rows()).containsExactly(List.of("DELETE; DROP", 2));
    assertThat(db.analytics().query("DESCRIBE orders").rows()).isNotEmpty();
    assertThat(db.analytics().query("SUMMARIZE orders").columns()).contains("column_name");
    assertThat(db.analytics().query("FROM sales_by_hour").columns()).containsExactly("tenant", "hour", "currency", "placed", "orders", "units", "revenue");
  }

  @Test
  void queryCapsTheRowsAndSaysItTruncated() {
    QueryResult r = db.analytics().query("SELECT * FROM range(10)");

    assertThat(r.rows()).hasSize(3);
    assertThat(r.truncated()).isTrue();
    assertThat(db.analytics().query("SELECT * FROM range(3)").truncated()).isFalse();
  }

  @Test
  void queryReportsSqlErrorsAsInvalidInput() {
    assertThatThrownBy(() -> db.analytics().query("SELECT nope FROM orders")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("nope");
  }

  @Test
  void aReadOnlyOpenOfAFileHeldByThisProcessIsRefusedWithAnExplanation() {
    // DuckDB refuses a second open of a held file, with a different configuration, even in one process.
    assertThatThrownBy(() -> AnalyticsDatabase.openReadOnly(db.file(), AnalyticsSettings.defaults()))
        .isInstanceOf(AnalyticsLockedException.class)
        .hasMessageContaining(db.file().toString());
  }
}
