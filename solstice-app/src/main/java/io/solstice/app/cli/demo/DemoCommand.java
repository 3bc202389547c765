package io.solstice.app.cli.demo;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.solstice.app.Platform;
import io.solstice.app.cli.CommandFailedException;
import io.solstice.app.cli.TrafficOptions;
import io.solstice.app.traffic.ApiClient;
import io.solstice.app.traffic.Shop;
import io.solstice.app.traffic.Simulation;
import io.solstice.app.traffic.TrafficReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code solstice demo}: the whole platform in one command. Starts Solstice in-process ({@link
 * Platform}: SQLite store, every service, the HTTP API on a local port) in a fresh data directory,
 * provisions the demo tenants and drives shoppers through it over HTTP with a progress bar, then
 * prints the reconciled report. Exit code 0 only when the report reconciles.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    header = "Start Solstice, run a few thousand shoppers through it, and print a reconciled report.",
    description = {
      "",
      "Starts the platform in-process (SQLite in --data, every service, the HTTP API on a",
      "local port), provisions the demo tenants with catalogs and stock, and drives shoppers",
      "over HTTP: carts, checkouts (approved, declined, timed out, sent to review, rejected",
      "as fraud), cancellations, shipments (some in parts) and deliveries. Then it prints,",
      "per tenant, orders by final status, mails sent, revenue from analytics, throughput",
      "and checkout -> confirmation-mail latency, and reconciles its own expectations with",
      "the server, the mail directory and analytics. Progress goes to stderr, the report to",
      "stdout. Exit code 0 only when everything reconciles.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  solstice demo",
      "  solstice demo --orders 500 --tenants 2",
      "  solstice demo --data ./demo-data --seed 7 --shoppers 32"
    })
public final class DemoCommand implements Callable<Integer> {

  /** Orders per second the demo reaches on a 2-core machine (used for the duration estimate). */
  static final double EXPECTED_ORDERS_PER_SECOND = 40;

  @Spec CommandSpec spec;

  @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default: a new temporary directory, kept and printed at the end).")
  Path data;

  @Option(names = "--tenants", paramLabel = "N", defaultValue = "3", description = "Tenants to provision (default: ${DEFAULT-VALUE}).")
  int tenants;

  @Option(names = "--orders", paramLabel = "N", defaultValue = "3000", description = "Orders over all tenants (default: ${DEFAULT-VALUE}).")
  long orders;

  @Mixin TrafficOptions traffic = new TrafficOptions(96, 60);

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "0", description = "HTTP port of the demo server (default: 0, any free port).")
  int port;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    traffic.check();
    Simulation.Options options;
    try {
      options = new Simulation.Options(tenants, orders, traffic.seed(), traffic.shoppers(), traffic.rate(), traffic.settleTimeout(), "", null);
    } catch (IllegalArgumentException e) {
      throw new CommandFailedException(e.getMessage());
    }
    Path directory = dataDirectory();
    String adminKey = "demo-admin-" + randomToken();
    Level previousLevel = quietLogs();
    double expectedRate = traffic.rate() > 0 ? Math.min(traffic.rate(), EXPECTED_ORDERS_PER_SECOND) : EXPECTED_ORDERS_PER_SECOND;
    err.println(String.format(Locale.ROOT, "Solstice demo: %,d orders over %d tenants in %s (expect about %d s on 2 cores)", orders, tenants,
        directory, Math.round(orders / expectedRate) + 10));
    err.flush();
    Platform.Config config = Platform.Config.builder(directory).host("127.0.0.1").port(port).rateLimit(1_000_000)
        .adminKey(adminKey).stopTimeout(Duration.ofSeconds(10)).build();
    Simulation.Outcome outcome;
    long started = System.nanoTime();
    try {
      outcome = runPlatform(config, options, adminKey, directory, err);
    } finally {
      restoreLogs(previousLevel);
    }
    TrafficReport report = outcome.report();
    out.println(String.format(Locale.ROOT, "Solstice demo — %d tenants, %,d orders, %s, %.0f s in all", tenants, orders, traffic.describe(),
        (System.nanoTime() - started) / 1e9));
    report.print(out);
    Path keys = writeKeys(directory, adminKey, outcome.shops());
    out.println();
    out.println("data kept in " + directory.toAbsolutePath());
    out.println("  explore it: SOLSTICE_ADMIN_KEY=$(sed -n 's/^admin=//p' " + keys + ") bin/solstice serve --data " + directory.toAbsolutePath());
    out.println("  tenant API keys: " + keys);
    out.flush();
    return report.reconciled() ? 0 : 1;
  }

  private static Simulation.Outcome runPlatform(Platform.Config config, Simulation.Options options, String adminKey, Path directory,
      PrintWriter err) throws InterruptedException {
    try (Platform platform = Platform.start(config)) {
      URI base = URI.create("http://127.0.0.1:" + platform.port() + "/");
      err.println("server listening on " + base);
      err.flush();
      ApiClient api = new ApiClient(base, Duration.ofSeconds(30));
      Simulation.Options withMail = new Simulation.Options(options.tenants(), options.orders(), options.seed(), options.shoppers(),
          options.rate(), options.settleTimeout(), options.tenantPrefix(), directory.resolve("mail"));
      Simulation.Outcome outcome = Simulation.run(api, adminKey, withMail, err);
      err.println("stopping the server…");
      err.flush();
      return outcome;
    }
  }

  private Path dataDirectory() {
    try {
      if (data == null) {
        return Files.createTempDirectory("solstice-demo-");
      }
      Files.createDirectories(data);
      return data;
    } catch (IOException e) {
      throw new CommandFailedException("cannot create the data directory " + (data == null ? "in " + System.getProperty("java.io.tmpdir") : data)
          + " (" + e.getMessage() + "); pass a writable --data");
    }
  }

  /**
   * The platform's INFO lines would break the progress bar: show errors only (expected retries log
   * warnings), unless SOLSTICE_LOG_LEVEL asks for more. Returns the level to restore (null: unchanged).
   */
  private static Level quietLogs() {
    String level = System.getenv("SOLSTICE_LOG_LEVEL");
    if ((level == null || level.isBlank()) && LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
      Level previous = root.getLevel();
      root.setLevel(Level.ERROR);
      return previous;
    }
    return null;
  }

  private static void restoreLogs(Level previous) {
    if (previous != null && LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
      root.setLevel(previous);
    }
  }

  private static Path writeKeys(Path directory, String adminKey, List<Shop> shops) {
    Path file = directory.resolve("demo-keys.txt");
    List<String> lines = new ArrayList<>();
    lines.add("# API keys of the last solstice demo on this data directory (the server stores only keyed hashes)");
    lines.add("admin=" + adminKey);
    for (Shop s : shops) {
      lines.add(s.id() + "=" + s.apiKey());
    }
    try {
      Files.write(file, lines);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: the file keeps the default permissions
      }
    } catch (IOException e) {
      throw new CommandFailedException("cannot write " + file + " (" + e.getMessage() + ")");
    }
    return file;
  }

  private static String randomToken() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
