package io.solstice.bench.checkout;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.solstice.app.cli.CommandFailedException;
import io.solstice.app.cli.TrafficOptions;
import io.solstice.app.traffic.ApiClient;
import io.solstice.app.traffic.ShopCatalog;
import io.solstice.app.traffic.Latencies;
import io.solstice.app.traffic.MailWatcher;
import io.solstice.app.traffic.OrderRecord;
import io.solstice.app.traffic.Shop;
import io.solstice.app.traffic.ShopProvisioner;
import io.solstice.app.traffic.ShopperMix;
import io.solstice.app.traffic.TenantSpec;
import io.solstice.app.traffic.TrafficGenerator;
import io.solstice.app.traffic.TrafficProgress;
import io.solstice.commerce.order.Order;
import io.solstice.core.RecordedEvent;
import io.solstice.core.store.DeadLetter;
import io.solstice.store.sql.SqlEventStore;
import io.solstice.store.sql.SqlStoreConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code solstice bench checkout}: orders per second through the HTTP API, order placed →
 * confirmation mail latency, and the server's peak RSS, with the server in its own process.
 *
 * <p>Method. The server is {@code solstice serve} in a child JVM (embedded mode: SQLite, every
 * service, mails as files) on a fresh data directory; this process is the load generator, so the
 * server's CPU, heap and RSS are its own. After {@code /health/ready}: tenants with catalog and
 * stock; a warm-up; then {@code --seconds} of shoppers as fast as they go (cart, 1-3 lines,
 * checkout with {@code tok_approve}: about 4 requests per order). Latency is checkout request start
 * → the confirmation mail's file appearing in {@code DATA/mail} (inotify). Afterwards every order
 * must reach {@code released} and have its mail; then, with the server warm and idle, a baseline
 * of {@code GET /health/live} round trips by the same client at the same concurrency (the HTTP
 * ceiling); then SIGTERM, and the store file is opened to
 * check that every acknowledged order is there, released.
 */
@Command(
    name = "checkout",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    header = "Measure orders/s through the HTTP API, placed -> confirmation-mail latency and server RSS.",
    description = {
      "",
      "Starts solstice serve as a child JVM on a fresh data directory (embedded mode), waits for",
      "/health/ready, provisions tenants with stock, warms up, then runs --shoppers concurrent shoppers for",
      "--seconds, as fast as they go or at --rate orders/s: cart, 1-3 lines, checkout",
      "(tok_approve). Reports checkouts per second, checkout -> confirmation mail p50/p99",
      "(the mail directory watched), and the server's peak RSS",
      "(VmHWM). Then every order must settle (released, mail sent), the HTTP ceiling is measured",
      "(GET /health/live by the same client at the same concurrency), the server is stopped with",
      "SIGTERM and the store is checked for every acknowledged order and for parked dead letters.",
      "Exit code 1 if an order is lost or unsettled, a mail missing or a dead letter parked.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {"  solstice bench checkout", "  solstice bench checkout --seconds 10 --shoppers 32 --json",
        "  solstice bench checkout --server-opts '-Xmx256m'"})
public final class CheckoutBenchCommand implements Callable<Integer> {
  static final double TARGET_ORDERS_PER_SEC = 250;
  static final double TARGET_P99_MS = 250;
  static final double TARGET_RSS_MB = 512;
  static final double TARGET_SERVER_CPU_MS = 5;
  static final double TARGET_LOAD_CPU_MS = 1.5;
  /** The per-input stage timer of every service: its sum per service is where the pipeline's time goes. */
  static final String SERVICE_TIME = "solstice_service_latency_seconds_sum";
  /** The store's statement counter (its {@code kind} label says which statement). */
  static final String STATEMENTS = "solstice_store_statements_total";

  @Spec CommandSpec spec;

  @Option(names = "--seconds", paramLabel = "N", defaultValue = "30", description = "Seconds of measured load (default: ${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--warmup", paramLabel = "N", defaultValue = "20",
      description = "Seconds of load before measuring, long enough for the JIT to finish compiling the hot paths (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Mixin TrafficOptions traffic = new TrafficOptions(64, 120);

  @Option(names = "--tenants", paramLabel = "N", defaultValue = "3", description = "Tenants the orders are spread over (default: ${DEFAULT-VALUE}).")
  int tenants;

  @Option(names = "--server-opts", paramLabel = "OPTS", defaultValue = "-Xmx512m",
      description = "JVM options of the server process (default: ${DEFAULT-VALUE}).")
  String serverOpts;

  @Option(names = "--server-args", paramLabel = "ARGS", defaultValue = "",
      description = "Extra arguments of the server's solstice serve, e.g. --fuse-reactions=false (default: none).")
  String serverArgs;

  @Option(names = "--data", paramLabel = "DIR", description = "Parent of the server's fresh data directory (default: the temporary directory).")
  Path data;

  @Option(names = "--keep", description = "Keep the server's data directory (store, mails, server.log).")
  boolean keep;

  @Option(names = "--json", description = "Print one JSON object on stdout instead of a table.")
  boolean json;

  @Option(names = "--quiet", description = "No progress on stderr.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    if (seconds < 1 || warmup < 0 || tenants < 1) {
      throw new CommandFailedException("--seconds and --tenants must be at least 1 and --warmup at least 0; were " + seconds
          + ", " + tenants + ", " + warmup);
    }
    traffic.check();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = quiet ? null : spec.commandLine().getErr();
    Path dir = data == null ? Files.createTempDirectory("solstice-bench-checkout-")
        : Files.createTempDirectory(Files.createDirectories(data), "solstice-bench-checkout-");
    String adminKey = "bench-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    Map<String, Object> result;
    boolean ok;
    try {
      say(err, "starting the server (a child JVM, " + serverOpts + ") on " + dir + "…");
      try (ServerProcess server = ServerProcess.start(dir, adminKey, words(serverOpts), words(serverArgs),
          Duration.ofSeconds(120))) {
        Measurement m = measure(server, adminKey, dir, err);
        OptionalLong rss = server.peakRssBytes();
        say(err, "stopping the server (SIGTERM)…");
        int exit = server.stop(Duration.ofSeconds(60));
        Stored stored = verifyStored(dir, m.orders());
        result = result(m, rss, exit, stored);
        ok = stored.lost() == 0 && stored.parked() == 0 && m.unsettled() == 0 && m.mailsMissing() == 0;
        if (!ok) {
          say(err, "server log: " + server.log() + "\n" + server.tail(15));
        }
      }
    } finally {
      if (!keep) {
        deleteTree(dir);
      }
    }
    if (json) {
      out.println(new ObjectMapper().writeValueAsString(result));
    } else {
      printTable(out, result);
    }
    out.flush();
    return ok ? 0 : 1;
  }

  /** Everything measured while the server runs. */
  private record Measurement(List<OrderRecord> orders, List<OrderRecord> measured, double seconds, double ordersPerSec, Latencies latency,
      double httpCeiling, double requestsPerOrder, long unsettled, long mailsMissing, double serverCpuMsPerOrder, double loadCpuMsPerOrder,
      ServerMetrics before, ServerMetrics after, double jitCpuMsPerOrder, double gcCpuMsPerOrder, double loadAverage) {

    /** A counter's growth over the measured window per order measured. */
    double perOrder(String metric) {
      return measured.isEmpty() || after.values().isEmpty() ? Double.NaN : after.since(before, metric) / measured.size();
    }
  }

  private Measurement measure(ServerProcess server, String adminKey, Path dir, PrintWriter err) throws InterruptedException {
    ApiClient api = new ApiClient(URI.create("http://127.0.0.1:" + server.port() + "/"), Duration.ofSeconds(30));
    try {
      api.awaitReady(Duration.ofSeconds(60));
    } catch (ApiClient.ApiException e) {
      throw new CommandFailedException(e.getMessage() + "; the server's log is " + server.log() + ":\n" + server.tail(15));
    }
    say(err, "server ready on port " + server.port() + " (pid " + server.pid() + "); opening connections (GET /health/live)…");
    HttpCeiling.measure(api, traffic.shoppers(), Duration.ofSeconds(3)); // opens the pool's connections, compiles the client's HTTP path
    ShopCatalog catalog = ShopCatalog.standard();
    List<Shop> shops = new ShopProvisioner(api, adminKey).provision(TenantSpec.generate(tenants, ""), catalog, 20_000_000L);
    ShopperMix mix = ShopperMix.checkoutOnly(traffic.seed(), catalog);
    TrafficGenerator.Settings settings = new TrafficGenerator.Settings(traffic.shoppers(), traffic.rate(), traffic.settleTimeout(), false, false);
    List<OrderRecord> all = new ArrayList<>();
    try (MailWatcher mails = MailWatcher.start(dir.resolve("mail"))) {
      if (warmup > 0) {
        say(err, "warming up for " + warmup + " s…");
        TrafficGenerator gen = new TrafficGenerator(api, settings, TrafficProgress.silent());
        all.addAll(gen.run(shops, mix, new TrafficGenerator.Limit.Time(Duration.ofSeconds(warmup)), "warmup").orders());
      }
      say(err, "measuring " + traffic.shoppers() + " shoppers for " + seconds + " s…");
      TrafficGenerator.Run run;
      TrafficGenerator generator;
      long serverCpu;
      long loadCpu;
      ServerMetrics metricsBefore = ServerMetrics.scrape(api);
      long serverCpuBefore = server.cpuTime().map(Duration::toNanos).orElse(-1L);
      ThreadCpu threadsBefore = ThreadCpu.of(server.pid());
      long loadCpuBefore = ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
      ServerMetrics metricsAfter;
      ThreadCpu threadsAfter;
      try (TrafficProgress progress = err == null ? TrafficProgress.silent() : TrafficProgress.forSeconds(err, seconds)) {
        generator = new TrafficGenerator(api, settings, progress);
        run = generator.run(shops, mix, new TrafficGenerator.Limit.Time(Duration.ofSeconds(seconds)), "measure");
        all.addAll(run.orders());
        serverCpu = server.cpuTime().map(Duration::toNanos).orElse(-1L) - serverCpuBefore;
        threadsAfter = ThreadCpu.of(server.pid());
        loadCpu = ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L) - loadCpuBefore;
        metricsAfter = ServerMetrics.scrape(api);
        progress.phase("settling");
        say(err, null);
        generator.settle(all, 16);
      }
      List<OrderRecord> measured = run.orders().stream().filter(OrderRecord::placed).toList();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline && all.stream().filter(OrderRecord::placed).anyMatch(r -> mails.sighting(r.orderId(), "confirmed").isEmpty())) {
        Thread.sleep(100);
      }
      mails.scan();
      say(err, "measuring the HTTP ceiling (GET /health/live, " + traffic.shoppers() + " callers, the server warm and settled)…");
      Duration ceilingTime = Duration.ofSeconds(Math.min(3, seconds));
      HttpCeiling.measure(api, traffic.shoppers(), ceilingTime.dividedBy(3));
      double ceiling = HttpCeiling.measure(api, traffic.shoppers(), ceilingTime);
      long[] latencies = measured.stream().mapToLong(r -> mails.sighting(r.orderId(), "confirmed")
          .map(s -> Math.max(0, s.seenNanos() - r.checkoutStartNanos())).orElse(-1L)).filter(v -> v >= 0).toArray();
      long missing = all.stream().filter(OrderRecord::placed).filter(r -> mails.sighting(r.orderId(), "confirmed").isEmpty()).count();
      long unsettled = all.stream().filter(r -> !r.placed() || !r.settled()).count();
      double requestsPerOrder = measured.isEmpty() ? 0 : measured.stream().mapToInt(r -> r.plan().lines().size() + 2).average().orElse(0);
      double perOrder = Math.max(1, measured.size()) * 1e6;
      return new Measurement(all, measured, run.seconds(), measured.size() / run.seconds(), Latencies.of(latencies), ceiling, requestsPerOrder,
          unsettled, missing, serverCpuBefore < 0 ? Double.NaN : serverCpu / perOrder, loadCpuBefore < 0 ? Double.NaN : loadCpu / perOrder,
          metricsBefore, metricsAfter, threadsAfter.since(threadsBefore, "jit") / perOrder, threadsAfter.since(threadsBefore, "gc") / perOrder,
          io.solstice.bench.Machine.loadAverage1m());
    }
  }

  /** What the stopped server's store holds: acknowledged orders missing or not released there, dead letters parked. */
  private record Stored(long lost, int parked) {}

  /** Opens the stopped server's store and counts acknowledged orders that are missing or not released there, and parked dead letters. */
  private static Stored verifyStored(Path dir, List<OrderRecord> orders) {
    long lost = 0;
    try (SqlEventStore store = SqlEventStore.open(SqlStoreConfig.sqlite(dir.resolve("solstice.db")))) {
      for (OrderRecord r : orders) {
        if (!r.placed()) {
          continue;
        }
        List<RecordedEvent> events = store.read(Order.stream(r.shop().id(), r.orderId()), 0, 1_000);
        if (events.stream().noneMatch(e -> e.type().equals("Released"))) {
          lost++;
        }
      }
      return new Stored(lost, store.deadLetters().list(null, DeadLetter.Status.PARKED, 1_000).size());
    }
  }

  private Map<String, Object> result(Measurement m, OptionalLong rss, int exit, Stored stored) {
    Map<String, Object> r = new LinkedHashMap<>();
    double rssMb = rss.isPresent() ? rss.getAsLong() / (1024.0 * 1024.0) : -1;
    r.put("orders_per_sec", round(m.ordersPerSec()));
    r.put("p50_ms", round(m.latency().millis(50)));
    r.put("p99_ms", round(m.latency().millis(99)));
    r.put("server_rss_mb", round(rssMb));
    r.put("orders", m.measured().size());
    r.put("seconds", round(m.seconds()));
    r.put("shoppers", traffic.shoppers());
    r.put("seed", traffic.seed());
    r.put("target_rate", traffic.rate());
    r.put("tenants", tenants);
    r.put("warmup_seconds", warmup);
    r.put("http_ceiling_rps", round(m.httpCeiling()));
    r.put("requests_per_order", round(m.requestsPerOrder()));
    r.put("vs_http_ceiling", m.httpCeiling() > 0 ? round(m.ordersPerSec() * m.requestsPerOrder() / m.httpCeiling()) : null);
    r.put("latency_samples", m.latency().count());
    r.put("server_cpu_ms_per_order", round(m.serverCpuMsPerOrder()));
    r.put("server_cpu_ms_per_order_steady", round(m.serverCpuMsPerOrder()));
    r.put("server_cpu_ms_per_order_steady_no_jit", round(m.serverCpuMsPerOrder() - m.jitCpuMsPerOrder()));
    r.put("jit_cpu_ms_per_order", round(m.jitCpuMsPerOrder()));
    r.put("gc_cpu_ms_per_order", round(m.gcCpuMsPerOrder()));
    r.put("load_cpu_ms_per_order", round(m.loadCpuMsPerOrder()));
    r.put("store_statements_per_order", round(m.perOrder(STATEMENTS)));
    r.put("feed_statements_per_order", round(m.perOrder(STATEMENTS + "{feed}")));
    r.put("commits_per_order", round(m.perOrder("solstice_store_commits_total")));
    r.put("store_statements_per_order_by_kind", statementKinds(m));
    r.put("service_ms_per_order", serviceTimes(m));
    r.put("orders_total", m.orders().stream().filter(OrderRecord::placed).count());
    r.put("unsettled", m.unsettled());
    r.put("mails_missing", m.mailsMissing());
    r.put("lost", stored.lost());
    r.put("dead_letters_parked", stored.parked());
    r.put("server_exit_code", exit);
    r.put("server_opts", serverOpts);
    r.put("server_args", serverArgs);
    r.put("cores", Runtime.getRuntime().availableProcessors());
    r.put("jvm", Runtime.version().toString());
    r.put("load_avg_1m", m.loadAverage());
    r.put("target_met", m.ordersPerSec() >= TARGET_ORDERS_PER_SEC && m.latency().millis(99) <= TARGET_P99_MS && rssMb >= 0 && rssMb <= TARGET_RSS_MB
        && m.serverCpuMsPerOrder() <= TARGET_SERVER_CPU_MS && m.loadCpuMsPerOrder() <= TARGET_LOAD_CPU_MS);
    return r;
  }

  /**
   * Milliseconds per order each service spent in its decode, handle and interpret stages during
   * the measured window (wall time of its inputs, not CPU: a service waiting on the store or a
   * gateway is charged for the wait), largest first.
   */
  private static Map<String, Double> serviceTimes(Measurement m) {
    Map<String, Double> times = new LinkedHashMap<>();
    m.after().services(SERVICE_TIME).stream()
        .map(s -> Map.entry(s, m.perOrder(SERVICE_TIME + "{service=" + s + "}") * 1000))
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> times.put(e.getKey(), round(e.getValue())));
    return times;
  }

  /** Store statements per order by kind (read, insert, feed, begin, commit, …), largest first. */
  private static Map<String, Double> statementKinds(Measurement m) {
    Map<String, Double> kinds = new LinkedHashMap<>();
    m.after().kinds(STATEMENTS).stream()
        .map(k -> Map.entry(k, m.perOrder(STATEMENTS + "{" + k + "}")))
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> kinds.put(e.getKey(), round(e.getValue())));
    return kinds;
  }

  private static void printTable(PrintWriter out, Map<String, Object> r) {
    out.println("checkout benchmark: solstice serve (child JVM, " + r.get("server_opts") + ") ← " + r.get("shoppers") + " shoppers over HTTP, "
        + r.get("tenants") + " tenants, " + r.get("seconds") + " s measured after " + r.get("warmup_seconds") + " s warm-up, " + r.get("cores") + " cores");
    out.println(String.format(Locale.ROOT, "  orders/s              %10.1f   (target ≥ %.0f; %s orders)", num(r, "orders_per_sec"), TARGET_ORDERS_PER_SEC,
        r.get("orders")));
    out.println(String.format(Locale.ROOT, "  placed → mail p50     %10.1f ms", num(r, "p50_ms")));
    out.println(String.format(Locale.ROOT, "  placed → mail p99     %10.1f ms (target ≤ %.0f; %s samples)", num(r, "p99_ms"), TARGET_P99_MS,
        r.get("latency_samples")));
    out.println(String.format(Locale.ROOT, "  server peak RSS       %10.1f MiB (target ≤ %.0f)", num(r, "server_rss_mb"), TARGET_RSS_MB));
    out.println(String.format(Locale.ROOT, "  HTTP ceiling          %10.0f requests/s (GET /health/live); checkout load uses %.0f%% of it at %.1f requests/order",
        num(r, "http_ceiling_rps"), 100 * num(r, "vs_http_ceiling"), num(r, "requests_per_order")));
    out.println(String.format(Locale.ROOT, "  CPU per order         %10.1f ms server (target ≤ %.0f; %.1f without the JIT, %.1f GC), %.1f ms load generator"
        + " (target ≤ %.1f); %s cores allow %.0f orders/s at this cost",
        num(r, "server_cpu_ms_per_order_steady"), TARGET_SERVER_CPU_MS, num(r, "server_cpu_ms_per_order_steady_no_jit"), num(r, "gc_cpu_ms_per_order"),
        num(r, "load_cpu_ms_per_order"), TARGET_LOAD_CPU_MS, r.get("cores"),
        (double) (Integer) r.get("cores") * 1000 / (num(r, "server_cpu_ms_per_order") + num(r, "load_cpu_ms_per_order"))));
    out.println("  service ms per order  " + r.get("service_ms_per_order") + " (time in decode/handle/interpret)");
    out.println(String.format(Locale.ROOT, "  store per order       %10.1f statements (%.1f reading the feed), %.1f commits",
        num(r, "store_statements_per_order"), num(r, "feed_statements_per_order"), num(r, "commits_per_order")));
    out.println("  verified              " + r.get("orders_total") + " orders: " + r.get("unsettled") + " unsettled, " + r.get("mails_missing")
        + " confirmation mails missing, " + r.get("lost") + " lost after SIGTERM (server exit code " + r.get("server_exit_code") + "), "
        + r.get("dead_letters_parked") + " dead letters parked");
    out.println("  machine load          " + r.get("load_avg_1m") + " (1-minute average; figures are comparable when it is below 1)");
    out.println("  target met            " + r.get("target_met"));
  }

  private static double num(Map<String, Object> r, String key) {
    Object v = r.get(key);
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  private static Double round(double v) {
    return Double.isNaN(v) ? null : Math.round(v * 10) / 10.0;
  }

  private static void say(PrintWriter err, String line) {
    if (err != null && line != null) {
      err.println(line);
      err.flush();
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // best effort: a temporary directory
        }
      });
    } catch (IOException e) {
      // best effort
    }
  }

  private static List<String> words(String line) {
    return line.isBlank() ? List.of() : List.of(line.strip().split("\\s+"));
  }
}
