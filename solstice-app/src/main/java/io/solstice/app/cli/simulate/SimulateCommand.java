package io.solstice.app.cli.simulate;

import io.solstice.app.cli.CommandFailedException;
import io.solstice.app.cli.TrafficOptions;
import io.solstice.app.traffic.ApiClient;
import io.solstice.app.traffic.Simulation;
import io.solstice.app.traffic.TrafficReport;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code solstice simulate}: the demo's traffic against a running server. Provisions fresh tenants
 * (ids prefixed with a run id, so runs never collide), drives the shoppers, and prints the same
 * reconciled report. Without the server's mail directory ({@code --mail-dir}) mails cannot be
 * counted, and latency is measured to the confirmed status seen by polling instead.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    header = "Drive shopper traffic against a running Solstice server and reconcile the outcome.",
    description = {
      "",
      "The same traffic as solstice demo, against a server started elsewhere (solstice serve).",
      "Tenants are provisioned with the admin key (--admin-key, or SOLSTICE_ADMIN_KEY) under",
      "fresh ids. With --mail-dir (the server's DATA/mail) mails are reconciled and latency is",
      "checkout -> confirmation mail; without it, checkout -> confirmed status by polling.",
      "Exit code 0 only when everything reconciles.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  solstice simulate --url http://localhost:8080 --admin-key $KEY --tenants 3 --orders 1000 --rate 50",
      "  SOLSTICE_ADMIN_KEY=$KEY solstice simulate --url http://localhost:8080 --mail-dir ./data/mail"
    })
public final class SimulateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--url", paramLabel = "URL", required = true, description = "The server's base URL, e.g. http://localhost:8080.")
  String url;

  @Option(names = "--admin-key", paramLabel = "KEY", required = true, description = "The server's admin key (or SOLSTICE_ADMIN_KEY).")
  String adminKey;

  @Option(names = "--tenants", paramLabel = "N", defaultValue = "3", description = "Tenants to provision (default: ${DEFAULT-VALUE}).")
  int tenants;

  @Option(names = "--orders", paramLabel = "N", defaultValue = "1000", description = "Orders over all tenants (default: ${DEFAULT-VALUE}).")
  long orders;

  @Mixin TrafficOptions traffic = new TrafficOptions(32, 60);

  @Option(names = "--mail-dir", paramLabel = "DIR", description = "The server's mail directory (DATA/mail), if this machine can read it.")
  Path mailDir;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    URI base = base(url);
    if (mailDir != null && !Files.isDirectory(mailDir)) {
      throw new CommandFailedException("--mail-dir " + mailDir + " is not a directory; pass the server's DATA/mail or leave it out");
    }
    traffic.check();
    Simulation.Options options;
    try {
      String prefix = "sim" + Long.toString(System.currentTimeMillis() % 2_000_000_000L, 36) + "-";
      options = new Simulation.Options(tenants, orders, traffic.seed(), traffic.shoppers(), traffic.rate(), traffic.settleTimeout(), prefix, mailDir);
    } catch (IllegalArgumentException e) {
      throw new CommandFailedException(e.getMessage());
    }
    ApiClient api = new ApiClient(base, Duration.ofSeconds(30));
    try {
      api.awaitReady(Duration.ofSeconds(30));
    } catch (ApiClient.ApiException e) {
      throw new CommandFailedException(e.getMessage() + "; start the server with 'solstice serve' or fix --url");
    }
    long started = System.nanoTime();
    Simulation.Outcome outcome;
    try {
      outcome = Simulation.run(api, adminKey, options, err);
    } catch (ApiClient.ApiException e) {
      throw new CommandFailedException(e.getMessage());
    }
    TrafficReport report = outcome.report();
    out.println(String.format(Locale.ROOT, "Solstice simulate against %s — %d tenants, %,d orders, %s, %.0f s in all", base,
        tenants, orders, traffic.describe(), (System.nanoTime() - started) / 1e9));
    report.print(out);
    if (mailDir == null) {
      out.println("mails: not reconciled (no --mail-dir); latency measured to the confirmed status by polling");
    }
    out.flush();
    return report.reconciled() ? 0 : 1;
  }

  private static URI base(String url) {
    try {
      URI uri = new URI(url.endsWith("/") ? url : url + "/");
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new CommandFailedException("--url must be an http:// or https:// URL with a host, was " + url);
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new CommandFailedException("--url is not a URL: " + url + " (" + e.getMessage() + ")");
    }
  }
}
