package io.solstice.app.traffic;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One traffic run against a server, as {@code demo} and {@code simulate} do it: provision the
 * tenants (catalog, stock, policy), start watching the mail directory if there is one, drive the
 * shoppers of the {@link ShopperMix#standard standard mix} with a progress bar, let every order
 * settle, then reconcile and return the {@link TrafficReport}.
 */
public final class Simulation {

  /**
   * What to run.
   *
   * @param tenants how many tenants
   * @param orders how many orders over all tenants
   * @param seed decides every order's scenario, customer and cart
   * @param shoppers concurrent shoppers
   * @param rate target orders per second (0: as fast as the shoppers go)
   * @param settleTimeout how long one order may take to reach a status
   * @param tenantPrefix put in front of every tenant id (empty for the demo's own data)
   * @param mailDirectory the server's mail directory, or null when it cannot be watched
   */
  public record Options(int tenants, long orders, long seed, int shoppers, double rate, Duration settleTimeout, String tenantPrefix,
      Path mailDirectory) {
    public Options {
      if (tenants < 1 || tenants > 1_000) {
        throw new IllegalArgumentException("--tenants must be 1-1000, was " + tenants);
      }
      if (orders < 1) {
        throw new IllegalArgumentException("--orders must be at least 1, was " + orders);
      }
      if (shoppers < 1 || shoppers > 10_000) {
        throw new IllegalArgumentException("--shoppers must be 1-10000, was " + shoppers);
      }
      if (rate < 0) {
        throw new IllegalArgumentException("--rate must be 0 (as fast as possible) or positive, was " + rate);
      }
      Objects.requireNonNull(settleTimeout, "settleTimeout");
      Objects.requireNonNull(tenantPrefix, "tenantPrefix");
    }
  }

  /** The provisioned shops and the report of one run. */
  public record Outcome(List<Shop> shops, TrafficReport report) {}

  private Simulation() {}

  /**
   * Runs the traffic against the server behind {@code api}; progress goes to {@code err}.
   *
   * @throws ApiClient.ApiException when provisioning fails (e.g. a wrong admin key)
   */
  public static Outcome run(ApiClient api, String adminKey, Options o, PrintWriter err) throws InterruptedException {
    ShopCatalog catalog = ShopCatalog.standard();
    List<TenantSpec> specs = TenantSpec.generate(o.tenants(), o.tenantPrefix());
    err.println("provisioning " + o.tenants() + " tenant" + (o.tenants() == 1 ? "" : "s") + " (" + String.join(", ", specs.stream().map(TenantSpec::id).toList())
        + ") with " + catalog.all().size() + " products each…");
    err.flush();
    long perTenant = (o.orders() + o.tenants() - 1) / o.tenants();
    List<Shop> shops = new ShopProvisioner(api, adminKey).provision(specs, catalog, Math.max(1_000, perTenant * 4));
    String runId = Long.toString(System.currentTimeMillis(), 36) + Long.toString(o.seed() & 0xffff, 36);
    TrafficGenerator.Settings settings = new TrafficGenerator.Settings(o.shoppers(), o.rate(), o.settleTimeout(), true,
        o.mailDirectory() == null);
    err.println(String.format(Locale.ROOT, "driving %,d orders with %d concurrent shoppers%s (seed %d)…", o.orders(), o.shoppers(),
        o.rate() > 0 ? String.format(Locale.ROOT, " at %.0f orders/s", o.rate()) : "", o.seed()));
    err.flush();
    MailWatcher mails = o.mailDirectory() == null ? null : MailWatcher.start(o.mailDirectory());
    try (TrafficProgress progress = TrafficProgress.forOrders(err, o.orders())) {
      Instant windowFrom = Instant.now().minusSeconds(1);
      TrafficGenerator generator = new TrafficGenerator(api, settings, progress);
      TrafficGenerator.Run run = generator.run(shops, ShopperMix.standard(o.seed(), catalog), new TrafficGenerator.Limit.Orders(o.orders()), runId);
      progress.phase("settling");
      generator.settle(run.orders(), 16);
      progress.phase("reconciling mails and analytics");
      TrafficReport report = TrafficReport.reconcile(api, adminKey, shops, run, mails, windowFrom, o.settleTimeout());
      return new Outcome(shops, report);
    } finally {
      if (mails != null) {
        mails.close();
      }
    }
  }
}
