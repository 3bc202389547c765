package io.solstice.app.cli.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.solstice.app.ServerFile;
import io.solstice.app.cli.SolsticeCli;
import io.solstice.commerce.analytics.AnalyticsDatabase;
import io.solstice.commerce.analytics.AnalyticsSettings;
import io.solstice.commerce.analytics.QueryResult;
import io.solstice.commerce.shared.InvalidInputException;
import io.solstice.core.codec.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code solstice analytics query}: on the file directly, through a server, and when the file is held. */
class AnalyticsQueryCommandTest {

  @TempDir Path data;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int solstice(Map<String, String> env, String... args) {
    return SolsticeCli.run(args, env, new PrintWriter(out), new PrintWriter(err));
  }

  private int solstice(String... args) {
    return solstice(Map.of(), args);
  }

  /** An analytics file with the real schema and two acme orders, closed again (as after a server stopped). */
  private Path analyticsFileWithTwoOrders() throws Exception {
    Path file = AnalyticsDatabase.fileIn(data);
    AnalyticsDatabase.open(file, AnalyticsSettings.defaults()).close();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file); Statement s = c.createStatement()) {
      s.execute("""
          INSERT INTO orders VALUES
            ('acme', 'o1', 'ana@example.com', 'confirmed', TIMESTAMP '2025-03-01 10:15:00', TIMESTAMP '2025-03-01 10:20:00',
             TIMESTAMP '2025-03-01 10:20:00', TIMESTAMP '2025-03-01 10:00:00', 25.50, 5.10, 30.60, 'EUR', 3, 4),
            ('acme', 'o2', 'bo@example.com', 'cancelled', TIMESTAMP '2025-03-01 10:30:00', NULL,
             TIMESTAMP '2025-03-01 11:00:00', TIMESTAMP '2025-03-01 10:00:00', 10.00, 2.00, 12.00, 'EUR', 1, 2)""");
    }
    return file;
  }

  @Test
  void runsSqlOnTheFileDirectlyAndPrintsATable() throws Exception {
    analyticsFileWithTwoOrders();

    int exitCode = solstice("analytics", "query", "SELECT tenant, hour, placed, orders, units, revenue FROM sales_by_hour",
        "--data", data.toString());

    assertThat(exitCode).as(err.toString()).isZero();
    assertThat(out.toString().lines().toList()).containsExactly(
        "tenant  hour              placed  orders  units  revenue",
        "------  ----------------  ------  ------  -----  -------",
        "acme    2025-03-01T10:00       2       1      3  30.6000",
        "(1 row)");
  }

  @Test
  void printsJsonAndCsv() throws Exception {
    analyticsFileWithTwoOrders();

    assertThat(solstice("analytics", "query", "SELECT order_id, total FROM orders ORDER BY order_id", "--data", data.toString(),
        "--format", "json")).as(err.toString()).isZero();
    JsonNode json = Json.mapper().readTree(out.toString());
    assertThat(json.get("columns").toString()).isEqualTo("[\"order_id\",\"total\"]");
    assertThat(json.get("rows").toString()).isEqualTo("[[\"o1\",30.6000],[\"o2\",12.0000]]");
    assertThat(json.get("truncated").asBoolean()).isFalse();

    out.getBuffer().setLength(0);
    assertThat(solstice("analytics", "query", "SELECT order_id, 'a,b' AS note FROM orders ORDER BY order_id", "--data", data.toString(),
        "--format", "csv")).isZero();
    assertThat(out.toString()).isEqualTo("order_id,note\r\no1,\"a,b\"\r\no2,\"a,b\"\r\n");
  }

  @Test
  void refusesAWritingStatement() throws Exception {
    analyticsFileWithTwoOrders();

    int exitCode = solstice("analytics", "query", "DELETE FROM orders", "--data", data.toString());

    assertThat(exitCode).isEqualTo(SolsticeCli.EXIT_FAILED);
    assertThat(err.toString()).contains("the statement starts with DELETE", "SELECT, WITH, FROM");
  }

  @Test
  void saysWhereToLookWhenThereIsNoAnalyticsFile() {
    int exitCode = solstice("analytics", "query", "SELECT 1", "--data", data.toString());

    assertThat(exitCode).isEqualTo(SolsticeCli.EXIT_FAILED);
    assertThat(err.toString()).contains("no analytics database at " + AnalyticsDatabase.fileIn(data));
  }

  @Test
  void aFileHeldByAnotherProcessWithNoKnownServerFailsSayingWhatToDo() throws Exception {
    Path file = analyticsFileWithTwoOrders();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), HoldAnalyticsFile.class.getName(), file.toString())
        .redirectErrorStream(true).start();
    try {
      BufferedReader lines = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = lines.readLine()) != null && !line.startsWith("holding ")) {
        // skip JVM warnings
      }
      assertThat(line).as("the child holds the file").isNotNull();

      int exitCode = solstice("analytics", "query", "SELECT count(*) FROM orders", "--data", data.toString());

      assertThat(exitCode).isEqualTo(SolsticeCli.EXIT_FAILED);
      assertThat(err.toString()).contains("another process holds it", "no server is recorded in " + ServerFile.in(data), "--url", "--admin-key");
    } finally {
      holder.getOutputStream().close();
      holder.waitFor();
    }
  }

  /** A stand-in for the server's admin endpoint, answering with the real query API over a real file. */
  private HttpServer adminEndpoint(AnalyticsDatabase db, String adminKey, List<String> received) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/admin/analytics/query", exchange -> {
      byte[] answer;
      int status;
      if (!("Bearer " + adminKey).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        status = 401;
        answer = "{\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"admin key required\"}".getBytes(StandardCharsets.UTF_8);
      } else {
        String sql = Json.mapper().readTree(exchange.getRequestBody()).get("sql").asText();
        received.add(sql);
        try {
          QueryResult result = db.analytics().query(sql);
          status = 200;
          answer = Json.mapper().writeValueAsBytes(result);
        } catch (InvalidInputException e) {
          status = 422;
          answer = Json.mapper().writeValueAsBytes(Map.of("title", "Invalid input", "status", 422, "detail", e.fields().get("sql")));
        }
      }
      exchange.getResponseHeaders().add("Content-Type", status == 200 ? "application/json" : "application/problem+json");
      exchange.sendResponseHeaders(status, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    server.start();
    return server;
  }

  @Test
  void goesThroughTheServerRecordedInServerJson() throws Exception {
    Path file = analyticsFileWithTwoOrders();
    List<String> received = new ArrayList<>();
    try (AnalyticsDatabase db = AnalyticsDatabase.open(file, AnalyticsSettings.defaults())) {
      HttpServer server = adminEndpoint(db, "admin-secret-0123456789abcdef", received);
      try {
        ServerFile.write(data, URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Instant.now());

        int exitCode = solstice(Map.of("SOLSTICE_ADMIN_KEY", "admin-secret-0123456789abcdef"), "analytics", "query",
            "SELECT order_id, status FROM orders ORDER BY order_id", "--data", data.toString());

        assertThat(exitCode).as(err.toString()).isZero();
        assertThat(received).containsExactly("SELECT order_id, status FROM orders ORDER BY order_id");
        assertThat(out.toString()).contains("o1        confirmed", "o2        cancelled", "(2 rows)");
      } finally {
        server.stop(0);
      }
    }
  }

  @Test
  void reportsTheServersRefusalAndAMissingAdminKey() throws Exception {
    Path file = analyticsFileWithTwoOrders();
    try (AnalyticsDatabase db = AnalyticsDatabase.open(file, AnalyticsSettings.defaults())) {
      HttpServer server = adminEndpoint(db, "admin-secret-0123456789abcdef", new ArrayList<>());
      String url = "http://127.0.0.1:" + server.getAddress().getPort();
      try {
        assertThat(solstice("analytics", "query", "SELECT 1", "--url", url)).isEqualTo(SolsticeCli.EXIT_FAILED);
        assertThat(err.toString()).contains("needs the admin key", "SOLSTICE_ADMIN_KEY");

        err.getBuffer().setLength(0);
        assertThat(solstice("analytics", "query", "DROP TABLE orders", "--url", url, "--admin-key", "admin-secret-0123456789abcdef"))
            .isEqualTo(SolsticeCli.EXIT_FAILED);
        assertThat(err.toString()).contains("HTTP 422", "the statement starts with DROP");

        err.getBuffer().setLength(0);
        assertThat(solstice("analytics", "query", "SELECT 1", "--url", url, "--admin-key", "wrong")).isEqualTo(SolsticeCli.EXIT_FAILED);
        assertThat(err.toString()).contains("HTTP 401", "check the admin key");
      } finally {
        server.stop(0);
      }
    }
  }

  @Test
  void aStaleServerJsonIsIgnored() throws Exception {
    analyticsFileWithTwoOrders();
    java.nio.file.Files.writeString(ServerFile.in(data), "{\"url\":\"http://127.0.0.1:9\",\"pid\":" + deadPid() + "}");

    int exitCode = solstice("analytics", "query", "SELECT count(*) AS n FROM orders", "--data", data.toString());

    assertThat(exitCode).as(err.toString()).isZero();
    assertThat(out.toString()).contains("(1 row)");
  }

  private static long deadPid() throws Exception {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version").start();
    p.waitFor();
    return p.pid();
  }
}
