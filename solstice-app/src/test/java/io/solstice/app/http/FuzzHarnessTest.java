package io.solstice.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.app.http.ApiDocument.Operation;
import io.solstice.app.http.FuzzInputs.Request;
import io.solstice.app.http.TestServer.Tenant;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Example;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The fuzz harness (issue 11): jqwik generators ({@link FuzzInputs}) drive every route of the
 * running server's {@code /openapi.json} with malformed, hostile and extreme requests, over a raw
 * HTTP client so that even what proper clients refuse to send (raw bytes in the request line, line
 * breaks in header values, invalid UTF-8) reaches the server. One server serves every case. For
 * each case:
 *
 * <ul>
 *   <li>the answer is never 5xx;
 *   <li>a refused request (4xx) writes nothing: the store's head position is the same before and
 *       after (no reaction runs in this server, so nothing else writes);
 *   <li>and at the end the process is alive ({@code /health/live} answers 200).
 * </ul>
 *
 * {@value #DEFAULT_CASES} cases by default (CI); {@code -Dsolstice.fuzz.cases=200000} is the long
 * mode and {@code -Dsolstice.fuzz.seed=N} replays a run (the seed is printed). Figures go to
 * {@code RELIABILITY.md}.
 */
class FuzzHarnessTest {
  static final int DEFAULT_CASES = 10_000;

  static Path data;
  static TestServer server;
  static Tenant tenant;
  static Tenant other;
  static List<Operation> operations;
  static Map<String, String> knownIds;

  @BeforeContainer
  static void start() throws java.io.IOException {
    data = java.nio.file.Files.createTempDirectory("solstice-fuzz-");
    // projections and analytics write read models, never events; the reactions (which do) stay off
    server = TestServer.start(data, Set.of("projections", "analytics"), 1_000_000,
        b -> b.failedAuthLimit(1_000_000).adminRateLimit(1_000_000));
    tenant = server.tenant("EUR");
    other = server.tenant("EUR");
    server.product(tenant, "TEE", "19.99", 1_000);
    String cart = server.cart(tenant, "TEE", 1);
    String order = server.order(tenant, "TEE", 1, "ana@example.com", "tok_approve");
    knownIds = Map.of("sku", "TEE", "id", cart, "orderId", order);
    // every operation but the live stream: a valid request to it is answered with an endless
    // server-sent-event stream (keepalives included), which a request/answer fuzzer cannot finish
    operations = ApiDocument.operations(server.get("/openapi.json", null).json()).stream()
        .filter(op -> !op.path().equals(STREAMING_PATH)).toList();
  }

  /** The one route that answers with a stream that never ends (server-sent events). */
  private static final String STREAMING_PATH = "/admin/events/live";

  @AfterContainer
  static void stop() throws java.io.IOException {
    if (server != null) {
      server.close();
    }
    deleteTree(data);
  }

  static void deleteTree(Path dir) throws java.io.IOException {
    if (dir == null || !java.nio.file.Files.exists(dir)) {
      return;
    }
    try (var paths = java.nio.file.Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.deleteIfExists(p);
      }
    }
  }

  private static long head() {
    return server.platform().store().headPosition();
  }

  /** A jqwik example (the generators need a jqwik thread), looping over its own cases so their number and seed can be set. */
  @Example
  void everyRouteAnswersHostileRequestsWithoutA5xxAndARefusalWritesNothing() {
    int cases = Integer.getInteger("solstice.fuzz.cases", DEFAULT_CASES);
    long seed = Long.getLong("solstice.fuzz.seed", new Random().nextLong());
    RandomGenerator<Request> requests = FuzzInputs.requests(operations,
        new FuzzInputs.Keys(tenant.key(), TestServer.ADMIN_KEY, other.key()), knownIds).generator(1000);
    Random random = new Random(seed);
    Map<String, Integer> byStatus = new TreeMap<>();
    Map<String, Integer> byKind = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    long started = System.nanoTime();
    try (RawHttp shared = new RawHttp("127.0.0.1", server.platform().port())) {
      for (int i = 0; i < cases && failures.size() < 20; i++) {
        Request r = requests.next(random).value();
        long before = head();
        RawHttp.Answer answer;
        if (r.fresh()) {
          try (RawHttp once = new RawHttp("127.0.0.1", server.platform().port())) {
            answer = once.send(r.operation().method(), r.target(), r.headers(), r.body());
          }
        } else {
          answer = shared.send(r.operation().method(), r.target(), r.headers(), r.body());
        }
        long after = head();
        byStatus.merge(Integer.toString(answer.status()), 1, Integer::sum);
        byKind.merge(r.kind(), 1, Integer::sum);
        if (answer.status() >= 500) {
          failures.add("case " + i + ": " + answer.status() + " " + answer.text() + " for " + r);
        } else if ((answer.status() >= 400 || answer.status() == RawHttp.RESET) && after != before) {
          failures.add("case " + i + ": refused with " + answer.status() + " but wrote " + (after - before) + " event(s): " + r);
        }
      }
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    System.out.printf("fuzz harness: %d cases over %d operations in %d ms, seed %d, failures %d%n  statuses %s%n  bodies %s%n",
        cases, operations.size(), millis, seed, failures.size(), byStatus, byKind);
    assertThat(failures).as("seed " + seed + " (replay with -Dsolstice.fuzz.seed=" + seed + ")").isEmpty();
    assertThat(server.get("/health/live", null).status()).isEqualTo(200);
  }
}
