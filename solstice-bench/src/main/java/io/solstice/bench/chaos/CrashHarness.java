package io.solstice.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.solstice.app.traffic.ApiClient;
import io.solstice.app.traffic.OrderRecord;
import io.solstice.app.traffic.Shop;
import io.solstice.app.traffic.ShopCatalog;
import io.solstice.app.traffic.ShopProvisioner;
import io.solstice.app.traffic.ShopperMix;
import io.solstice.app.traffic.TenantSpec;
import io.solstice.app.traffic.TrafficGenerator;
import io.solstice.app.traffic.TrafficProgress;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The crash harness behind {@code solstice chaos crash}: runs the platform ({@code serve}; the
 * embedded {@link EmbeddedTopology one process on SQLite}, or the {@link SplitTopology split one} on
 * PostgreSQL and Kafka) as child JVMs under the simulator's load, kills one with SIGKILL at random
 * moments and starts it again on the same data, {@link Options#kills} times; then lets the platform
 * settle, stops it in order and checks what it holds.
 *
 * <p>How one life goes: the server is started and awaited ready; a {@link TrafficGenerator} with
 * the standard shopper mix (without payment time-outs, so that the platform can settle) starts new shoppers for the life's random uptime (seeded, uniform in
 * {@link Options#minUptime}–{@link Options#maxUptime}); then the server is killed. Shoppers in flight
 * keep going: idempotent requests (checkouts carry an {@code Idempotency-Key}, reads) are retried
 * across the restart; others fail, and their orders are left where they are. Only checkouts that
 * answered 201 count as acknowledged.
 *
 * <p>After the last kill the server runs one more life under load, then until it is quiet (the log's
 * head unchanged and every service without lag or work in flight for two seconds in a row), and is
 * stopped with SIGTERM. The checks: every acknowledged order is in the log; no reaction wrote an
 * output twice for one causation event; every confirmed order has exactly one confirmation mail;
 * the read models equal a rebuild from the log; the analytics tables equal those a fresh analytics
 * service builds from a copy of the log.
 */
public final class CrashHarness {
  /** The tenants' catalog stock: enough that no checkout is refused for stock. */
  private static final long STOCK_PER_SKU = 10_000_000L;

  /**
   * What to run.
   *
   * @param kills how many times the server is killed (at least 1)
   * @param seed decides the uptimes and the shoppers
   * @param minUptime shortest time under load between ready and kill
   * @param maxUptime longest
   * @param tenants tenants the load spreads over
   * @param shoppers concurrent shoppers
   * @param rate target orders per second (0: as fast as the shoppers go)
   * @param data the data directory (must be empty or missing)
   * @param startTimeout how long one start may take to be ready
   * @param quietTimeout how long the server may take to settle at the end
   * @param topology {@code embedded} or {@code split}
   * @param pgUrl the PostgreSQL JDBC URL of the split topology (unused for embedded)
   * @param pgSchema the schema the split topology creates (must not exist)
   */
  public record Options(int kills, long seed, Duration minUptime, Duration maxUptime, int tenants, int shoppers, double rate, Path data,
      Duration startTimeout, Duration quietTimeout, String topology, String pgUrl, String pgSchema) {
    public Options {
      if (!topology.equals("embedded") && !topology.equals("split")) {
        throw new IllegalArgumentException("--topology must be embedded or split, was " + topology);
      }
      if (topology.equals("split") && (pgUrl == null || !pgUrl.startsWith("jdbc:postgresql:"))) {
        throw new IllegalArgumentException("--topology split needs a PostgreSQL JDBC URL (--pg-url or SOLSTICE_PG_URL), was " + pgUrl);
      }
      if (kills < 1) {
        throw new IllegalArgumentException("--kills must be at least 1, was " + kills);
      }
      if (minUptime.isNegative() || maxUptime.compareTo(minUptime) < 0) {
        throw new IllegalArgumentException("uptimes must satisfy 0 <= --min-uptime-ms <= --max-uptime-ms, were " + minUptime.toMillis()
            + " and " + maxUptime.toMillis());
      }
      if (tenants < 1 || tenants > 100) {
        throw new IllegalArgumentException("--tenants must be 1-100, was " + tenants);
      }
    }
  }

  private static final String ADMIN_KEY_PREFIX = "chaos-crash-admin-key-";

  private final Options o;
  private final PrintWriter err;
  private final String adminKey;

  public CrashHarness(Options options, PrintWriter err) {
    this.o = options;
    this.err = err;
    this.adminKey = ADMIN_KEY_PREFIX + Long.toHexString(new Random(options.seed()).nextLong() | 1L << 62);
  }

  /** Runs the kills and the checks; never throws for a check that fails (the report says so). */
  public CrashReport run() throws Exception {
    long started = System.nanoTime();
    Random random = new Random(o.seed());
    Path data = Files.createDirectories(o.data());
    Path logs = Files.createDirectories(data.resolve("logs"));
    List<CompletableFuture<TrafficGenerator.Run>> runs = new ArrayList<>();
    List<Long> restartMillis = new ArrayList<>();
    List<String> victims = new ArrayList<>();
    Topology topology = o.topology().equals("split") ? new SplitTopology(data, logs, adminKey, o.pgUrl(), o.pgSchema())
        : new EmbeddedTopology(data, logs, adminKey);
    boolean ok = false;
    try {
      startAll(topology);
      ApiClient api = topology.apiNode().api();
      ShopCatalog catalog = ShopCatalog.standard();
      List<Shop> shops = new ShopProvisioner(api, adminKey).provision(TenantSpec.generate(o.tenants(), "chaos"), catalog, STOCK_PER_SKU);
      ShopperMix mix = ShopperMix.standardWithoutTimeouts(o.seed(), catalog);
      TrafficGenerator generator = new TrafficGenerator(api,
          new TrafficGenerator.Settings(o.shoppers(), o.rate(), Duration.ofSeconds(30), false, false), TrafficProgress.silent());
      progress("seed %d; %s topology (%s); data %s; %d tenant(s), %d shoppers", o.seed(), topology.name(),
          String.join(", ", topology.nodes().stream().map(n -> n.server().name()).toList()), data, o.tenants(), o.shoppers());
      for (int life = 1; life <= o.kills(); life++) {
        long uptime = o.minUptime().toMillis() + (long) (random.nextDouble() * (o.maxUptime().toMillis() - o.minUptime().toMillis()));
        runs.add(load(generator, shops, mix, Duration.ofMillis(uptime), life));
        Thread.sleep(uptime);
        Topology.Node victim = topology.victim(random);
        victim.server().kill();
        victims.add(victim.server().name());
        long restart = System.nanoTime();
        startAndAwait(victim);
        restartMillis.add((System.nanoTime() - restart) / 1_000_000);
        progress("kill %d/%d: %s after %d ms under load; ready again in %.1f s; %d order(s) acknowledged so far", life, o.kills(),
            victim.server().name(), uptime, restartMillis.getLast() / 1e3, acknowledged(runs).size());
      }
      runs.add(load(generator, shops, mix, o.maxUptime(), o.kills() + 1));
      List<OrderRecord> orders = new ArrayList<>();
      for (CompletableFuture<TrafficGenerator.Run> run : runs) {
        orders.addAll(join(run).orders());
      }
      progress("load done: %d order(s) acknowledged; waiting for the platform to settle", orders.stream().filter(OrderRecord::placed).count());
      boolean quiet = awaitQuiet(topology);
      for (Topology.Node n : topology.nodes().reversed()) {
        n.server().stop();
      }
      progress("stopped%s; checking", quiet ? "" : " without settling within " + o.quietTimeout().toSeconds() + " s");
      CrashReport report = check(topology, data, logs, orders, victims, restartMillis, quiet, System.nanoTime() - started);
      ok = report.ok();
      return report;
    } finally {
      topology.close(!ok);
    }
  }

  private void startAll(Topology topology) throws InterruptedException {
    startAndAwait(topology.apiNode()); // the first process migrates the store
    for (Topology.Node n : topology.nodes()) {
      if (n != topology.apiNode()) {
        n.server().start();
      }
    }
    for (Topology.Node n : topology.nodes()) {
      await(n);
    }
  }

  private CompletableFuture<TrafficGenerator.Run> load(TrafficGenerator generator, List<Shop> shops, ShopperMix mix, Duration duration, int life) {
    String runId = "c" + Long.toString(o.seed() & 0xffffff, 36) + "l" + life;
    return CompletableFuture.supplyAsync(() -> {
      try {
        return generator.run(shops, mix, new TrafficGenerator.Limit.Time(duration), runId);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("the load of life " + life + " was interrupted", e);
      }
    }, runnable -> Thread.ofVirtual().name("chaos-load-" + life).start(runnable));
  }

  private CrashReport check(Topology topology, Path data, Path logs, List<OrderRecord> orders, List<String> victims, List<Long> restartMillis,
      boolean quiet, long nanos) throws Exception {
    List<LogChecks.Acknowledged> acked = orders.stream().filter(OrderRecord::placed)
        .map(r -> new LogChecks.Acknowledged(r.shop().id(), r.orderId())).toList();
    LogChecks log = new LogChecks(topology.database(), topology.mailDirectory());
    List<String> missing = log.missingOrders(acked);
    List<String> duplicates = log.duplicateOutputs();
    List<String> mails = log.confirmationMails();
    LogChecks.Figures figures = log.figures();
    progress("log: %,d events, %,d orders (%,d acknowledged, %d missing), %,d reaction outputs (%d duplicated), %,d confirmed orders,"
        + " %,d confirmation mails (%d problems)", figures.events(), figures.orders(), acked.size(), missing.size(), figures.reactionOutputs(),
        duplicates.size(), figures.confirmedOrders(), figures.confirmationMails(), mails.size());
    ModelChecks.Comparison readModels = ModelChecks.readModels(topology.storeConfig());
    progress("read models: %,d rows, %d differ from a rebuild", readModels.rows(), readModels.differences().size());
    ModelChecks.Comparison analytics = rebuildAnalytics(topology, data, logs);
    progress("analytics: %,d rows, %d differ from a rebuild", analytics.rows(), analytics.differences().size());
    return new CrashReport(o.seed(), topology.name(), victims, acked.size(), acked.size() - missing.size(), figures, restartMillis, quiet,
        missing, duplicates, mails, readModels, analytics, nanos / 1e9);
  }

  /** Builds the analytics database again from the log with a server running only the analytics service, and compares. */
  private ModelChecks.Comparison rebuildAnalytics(Topology topology, Path data, Path logs) throws Exception {
    Path copy = data.resolve("analytics-rebuild");
    ModelChecks.prepareAnalyticsRebuild(data, copy, topology.rebuildCopiesStore(), topology.database());
    long[] live = ModelChecks.analyticsProgress(topology.analyticsDirectory());
    int port = ChildServer.freePort();
    Topology.Node rebuild = new Topology.Node(new ChildServer("analytics-rebuild", topology.analyticsRebuildArgs(copy, port),
        Map.of("SOLSTICE_ADMIN_KEY", adminKey), logs.resolve("analytics-rebuild.log")), EmbeddedTopology.client(port));
    try (ChildServer server = rebuild.server()) {
      startAndAwait(rebuild);
      long deadline = System.nanoTime() + o.quietTimeout().toNanos();
      String query = "SELECT count(*) AS n, coalesce(sum(version), 0) AS v FROM orders";
      while (System.nanoTime() < deadline) {
        ApiClient.Response r = rebuild.api().post("/admin/analytics/query", adminKey, Map.of("sql", query), null);
        JsonNode row = r.json().path("rows").path(0);
        if (r.ok() && row.path(0).asLong(-1) == live[0] && row.path(1).asLong(-1) == live[1]) {
          break;
        }
        Thread.sleep(250);
      }
      server.stop();
    }
    return ModelChecks.analytics(topology.analyticsDirectory(), copy);
  }

  /**
   * Waits until the platform is quiet: the same head position, and every local service instance of
   * every process running or standing by without lag or work in flight, at {@link Topology#quietPolls} polls in a row one second
   * apart. False if {@link Options#quietTimeout} passes first.
   */
  private boolean awaitQuiet(Topology topology) throws InterruptedException {
    long deadline = System.nanoTime() + o.quietTimeout().toNanos();
    String last = null;
    int quietPolls = 0;
    while (System.nanoTime() < deadline) {
      String state = state(topology);
      quietPolls = state != null && state.equals(last) && state.endsWith(":idle") ? quietPolls + 1 : 0;
      if (quietPolls >= topology.quietPolls()) {
        return true;
      }
      last = state;
      Thread.sleep(1_000);
    }
    progress("not quiet: %s", last == null ? "a process did not answer" : last);
    return false;
  }

  /**
   * {@code head <position>:idle} when no local instance has lag or work in flight, else {@code head
   * <position> <what is busy>:busy}; null when a process does not answer.
   */
  private String state(Topology topology) {
    try {
      ApiClient.Response events = topology.apiNode().api().get("/admin/events?limit=1", adminKey);
      if (!events.ok()) {
        return null;
      }
      boolean idle = true;
      StringBuilder busy = new StringBuilder();
      for (Topology.Node n : topology.nodes()) {
        ApiClient.Response services = n.api().get("/admin/services", adminKey);
        if (!services.ok()) {
          return null;
        }
        for (JsonNode i : services.json().path("instances")) {
          if (!i.path("local").asBoolean()) {
            continue;
          }
          JsonNode s = i.path("stats");
          String st = i.path("state").asText();
          if (s.path("lagEvents").asLong() != 0 || s.path("inflight").asLong() != 0 || !(st.equals("RUNNING") || st.equals("STANDBY"))) {
            idle = false;
            busy.append(' ').append(n.server().name()).append('/').append(i.path("service").asText()).append(' ').append(i.path("state").asText())
                .append(" lag ").append(s.path("lagEvents").asLong()).append(" in flight ").append(s.path("inflight").asLong());
          }
        }
      }
      JsonNode newest = events.json().path("items").path(0);
      return "head " + newest.path("position").asLong() + busy + (idle ? ":idle" : ":busy");
    } catch (ApiClient.ApiException e) {
      return null;
    }
  }

  private void startAndAwait(Topology.Node node) throws InterruptedException {
    node.server().start();
    await(node);
  }

  private void await(Topology.Node node) throws InterruptedException {
    try {
      node.api().awaitReady(o.startTimeout());
    } catch (ApiClient.ApiException e) {
      throw new IllegalStateException(node.server().name() + " was not ready within " + o.startTimeout().toSeconds() + " s"
          + (node.server().alive() ? "" : " (it exited)") + "; see " + node.server().log(), e);
    }
  }

  private static List<OrderRecord> acknowledged(List<CompletableFuture<TrafficGenerator.Run>> runs) {
    List<OrderRecord> all = new ArrayList<>();
    for (CompletableFuture<TrafficGenerator.Run> r : runs) {
      if (r.isDone()) {
        all.addAll(join(r).orders().stream().filter(OrderRecord::placed).toList());
      }
    }
    return all;
  }

  private static TrafficGenerator.Run join(CompletableFuture<TrafficGenerator.Run> run) {
    try {
      return run.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the load", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the load failed: " + e.getCause().getMessage(), e.getCause());
    }
  }

  private void progress(String format, Object... args) {
    err.println("chaos crash: " + String.format(Locale.ROOT, format, args));
    err.flush();
  }
}
