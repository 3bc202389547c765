package io.solstice.app;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.solstice.app.cli.CommandFailedException;
import io.solstice.app.cli.VersionProvider;
import io.solstice.app.http.ApiServer;
import io.solstice.app.http.CommerceApi;
import io.solstice.app.http.Operations;
import io.solstice.app.http.RateLimiter;
import io.solstice.commerce.Categories;
import io.solstice.commerce.CommerceServices;
import io.solstice.commerce.cart.CartService;
import io.solstice.commerce.catalog.CatalogService;
import io.solstice.commerce.fraud.EmbeddedFraudScorer;
import io.solstice.commerce.fraud.FraudScorer;
import io.solstice.commerce.fraud.HttpFraudScorer;
import io.solstice.commerce.inventory.InventoryService;
import io.solstice.commerce.notification.FileMailSink;
import io.solstice.commerce.notification.MailSender;
import io.solstice.commerce.notification.SmtpMailSender;
import io.solstice.commerce.order.OrderService;
import io.solstice.commerce.payment.HttpPaymentGateway;
import io.solstice.commerce.payment.PaymentGateway;
import io.solstice.commerce.payment.SimulatedPaymentGateway;
import io.solstice.app.cli.analytics.ServerFile;
import io.solstice.commerce.analytics.AnalyticsDatabase;
import io.solstice.commerce.analytics.AnalyticsService;
import io.solstice.commerce.analytics.AnalyticsSettings;
import io.solstice.commerce.readmodel.ProjectionProgress;
import io.solstice.commerce.readmodel.Projections;
import io.solstice.commerce.readmodel.ReadModels;
import io.solstice.commerce.readmodel.SqlReadModels;
import io.solstice.commerce.shared.Ids;
import io.solstice.commerce.tenancy.ApiKeys;
import io.solstice.commerce.tenancy.TenancyService;
import io.solstice.core.codec.Json;
import io.solstice.core.store.TenantPlacement;
import io.solstice.pipeline.Health;
import io.solstice.pipeline.Service;
import io.solstice.pipeline.ServiceHost;
import io.solstice.store.sql.SqlEventStore;
import io.solstice.store.sql.SqlStoreConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Solstice process: the event store, the commerce use cases, the reaction services on a
 * {@link ServiceHost}, the HTTP API and the metrics registry they share. Used by {@code solstice
 * serve}, the tests, and later {@code demo} and the benchmarks.
 *
 * <p>Start-up order: open the store; load (or create) the API-key pepper; make sure the admin key
 * is set (a generated one is printed once); start the selected services; start HTTP. {@link
 * #close()} reverses it: stop HTTP (requests in flight finish), stop the services (checkpoints
 * stored), close the store. Closing twice is harmless.
 */
public final class Platform implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Platform.class);

  /** The {@code --services} value that runs no service (HTTP API only). */
  public static final String NO_SERVICES = "none";

  /**
   * What to run and how.
   *
   * @param dataDirectory secrets, mail files and (for SQLite) the store live here
   * @param store the event store to open
   * @param host the HTTP interface
   * @param port the HTTP port (0: any free port)
   * @param services the services to run, by name ({@link CommerceServices#NAMES}); empty for none
   * @param rateLimit requests per second per tenant
   * @param adminKey the configured admin key ({@code SOLSTICE_ADMIN_KEY}) or null to generate one on first start
   * @param keyPepper the API-key pepper in base64 ({@code SOLSTICE_KEY_PEPPER}) or null for the pepper file
   * @param fraudUrl a fraud scoring service, or null for the embedded scorer
   * @param paymentUrl a payment gateway, or null for the simulated gateway
   * @param smtp {@code host:port} of an SMTP server, or null to write mails to {@code DATA/mail}
   * @param adapterTimeout the time-out of calls to external parties
   * @param stopTimeout how long stopping waits for services to finish work in progress
   * @param pollWait how long a service's reader waits for new events before looking again
   */
  public record Config(
      Path dataDirectory,
      SqlStoreConfig store,
      String host,
      int port,
      Set<String> services,
      int rateLimit,
      String adminKey,
      String keyPepper,
      URI fraudUrl,
      URI paymentUrl,
      String smtp,
      Duration adapterTimeout,
      Duration stopTimeout,
      Duration pollWait) {

    public Config {
      Objects.requireNonNull(dataDirectory, "dataDirectory");
      Objects.requireNonNull(store, "store");
      Objects.requireNonNull(host, "host");
      services = Set.copyOf(services);
      for (String s : services) {
        if (!CommerceServices.NAMES.contains(s)) {
          throw new CommandFailedException("unknown service '" + s + "' in --services; choose from " + String.join(", ", CommerceServices.NAMES)
              + ", or 'all' or '" + NO_SERVICES + "'");
        }
      }
      if (rateLimit < 1) {
        throw new CommandFailedException("--rate-limit must be at least 1 request/s per tenant, was " + rateLimit);
      }
      if (port < 0 || port > 65535) {
        throw new CommandFailedException("--port must be 0-65535, was " + port);
      }
    }

    /** The defaults of {@code solstice serve}: SQLite in {@code dataDirectory}, port 8080, every service, embedded adapters. */
    public static Config embedded(Path dataDirectory) {
      return new Config(dataDirectory, SqlStoreConfig.sqlite(dataDirectory.resolve("solstice.db")), "0.0.0.0", 8080,
          Set.copyOf(CommerceServices.NAMES), 1000, null, null, null, null, null, Duration.ofSeconds(5), Duration.ofSeconds(30),
          Duration.ofSeconds(1));
    }

    public Config withPort(int newPort) {
      return new Config(dataDirectory, store, host, newPort, services, rateLimit, adminKey, keyPepper, fraudUrl, paymentUrl, smtp,
          adapterTimeout, stopTimeout, pollWait);
    }

    public Config withHost(String newHost) {
      return new Config(dataDirectory, store, newHost, port, services, rateLimit, adminKey, keyPepper, fraudUrl, paymentUrl, smtp,
          adapterTimeout, stopTimeout, pollWait);
    }

    public Config withServices(Set<String> newServices) {
      return new Config(dataDirectory, store, host, port, newServices, rateLimit, adminKey, keyPepper, fraudUrl, paymentUrl, smtp,
          adapterTimeout, stopTimeout, pollWait);
    }

    public Config withRateLimit(int newRateLimit) {
      return new Config(dataDirectory, store, host, port, services, newRateLimit, adminKey, keyPepper, fraudUrl, paymentUrl, smtp,
          adapterTimeout, stopTimeout, pollWait);
    }

    public Config withAdminKey(String newAdminKey) {
      return new Config(dataDirectory, store, host, port, services, rateLimit, newAdminKey, keyPepper, fraudUrl, paymentUrl, smtp,
          adapterTimeout, stopTimeout, pollWait);
    }

    public Config withKeyPepper(String newPepper) {
      return new Config(dataDirectory, store, host, port, services, rateLimit, adminKey, newPepper, fraudUrl, paymentUrl, smtp,
          adapterTimeout, stopTimeout, pollWait);
    }

    public Config withStore(SqlStoreConfig newStore) {
      return new Config(dataDirectory, newStore, host, port, services, rateLimit, adminKey, keyPepper, fraudUrl, paymentUrl, smtp,
          adapterTimeout, stopTimeout, pollWait);
    }

    public Config withAdapters(URI newFraudUrl, URI newPaymentUrl, String newSmtp) {
      return new Config(dataDirectory, store, host, port, services, rateLimit, adminKey, keyPepper, newFraudUrl, newPaymentUrl, newSmtp,
          adapterTimeout, stopTimeout, pollWait);
    }

    public Config withTimings(Duration newStopTimeout, Duration newPollWait) {
      return new Config(dataDirectory, store, host, port, services, rateLimit, adminKey, keyPepper, fraudUrl, paymentUrl, smtp,
          adapterTimeout, newStopTimeout, newPollWait);
    }

    /** Parses {@code --services}: {@code all}, {@code none}, or comma-separated names. */
    public static Set<String> parseServices(String value) {
      if (value == null || value.isBlank() || value.strip().equals("all")) {
        return Set.copyOf(CommerceServices.NAMES);
      }
      if (value.strip().equals(NO_SERVICES)) {
        return Set.of();
      }
      Set<String> names = new LinkedHashSet<>();
      for (String part : value.split(",")) {
        if (!part.isBlank()) {
          names.add(part.strip());
        }
      }
      return names;
    }
  }

  private final Config config;
  private final SqlEventStore store;
  private final PrometheusMeterRegistry meters;
  private final ServiceHost host;
  private final ApiServer http;
  private final CommerceApi api;
  private final Optional<String> generatedAdminKey;
  private final AnalyticsDatabase analyticsDb;
  private final ReentrantLock closing = new ReentrantLock();
  private boolean closed;

  private Platform(Config config, SqlEventStore store, PrometheusMeterRegistry meters, ServiceHost host, ApiServer http, CommerceApi api,
      Optional<String> generatedAdminKey, AnalyticsDatabase analyticsDb) {
    this.config = config;
    this.analyticsDb = analyticsDb;
    this.store = store;
    this.meters = meters;
    this.host = host;
    this.http = http;
    this.api = api;
    this.generatedAdminKey = generatedAdminKey;
  }

  /**
   * Starts everything. A generated admin key is printed once to {@code out} with a banner.
   *
   * @throws CommandFailedException if a setting is unusable (the message names it)
   */
  public static Platform start(Config config, PrintWriter out) {
    SqlEventStore store = SqlEventStore.open(config.store());
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ServiceHost host = null;
    AnalyticsDatabase analyticsDb = null;
    try {
      Clock clock = Clock.systemUTC();
      // DuckDB allows one writing process: only the process that runs the analytics service opens it.
      if (config.services().contains(AnalyticsService.NAME)) {
        analyticsDb = AnalyticsDatabase.open(AnalyticsDatabase.fileIn(config.dataDirectory()), AnalyticsSettings.defaults());
      }
      Categories categories = Categories.on(store);
      ApiKeys keys = new ApiKeys(Secrets.pepper(config.keyPepper(), config.dataDirectory(), ApiKeys::newPepper));
      TenancyService tenancy = new TenancyService(store, categories.tenants(), keys, tenant -> TenantPlacement.POOLED_STORE);
      Optional<String> generated = tenancy.ensureAdminKey(config.adminKey());
      generated.ifPresent(key -> printAdminKey(out, key));

      Ids ids = new Ids(clock);
      ProjectionProgress progress = ProjectionProgress.create(store.checkpoints());
      ReadModels readModels = new SqlReadModels(store.dataSource(), store, progress);
      CommerceApi api = new CommerceApi(tenancy, new CatalogService(categories.products()),
          new InventoryService(categories.stock(), categories.products()), new CartService(categories, ids),
          new OrderService(categories, ids), readModels, Optional.ofNullable(analyticsDb).map(AnalyticsDatabase::analytics));

      List<Service<?, ?>> services = new ArrayList<>();
      if (!config.services().isEmpty()) {
        List<Service<?, ?>> all = new ArrayList<>(CommerceServices.reactions(categories, tenancy, scorer(config), gateway(config), mail(config, clock)));
        all.add(Projections.service(categories, store.dataSource(), progress));
        if (analyticsDb != null) {
          all.add(AnalyticsService.service(categories, analyticsDb));
        }
        for (Service<?, ?> s : all) {
          if (config.services().contains(s.name())) {
            services.add(s);
          }
        }
        host = ServiceHost.builder(store).checkpoints(store.checkpoints()).deadLetters(store.deadLetters())
            .meterRegistry(meters).pollWait(config.pollWait()).services(services).build();
        host.start();
      }
      ServiceHost runningHost = host;
      ApiServer http = ApiServer.start(new ApiServer.Settings(config.host(), config.port(), ApiServer.DEFAULT_MAX_BODY_BYTES,
          config.rateLimit(), VersionProvider.solsticeVersion()), api, operations(store, runningHost, meters), meters,
          RateLimiter.perSecond(config.rateLimit()));
      log.info("Solstice serving on http://{}:{} with {} ({})", config.host(), http.port(), config.store().describe(),
          services.isEmpty() ? "no services" : "services " + String.join(", ", services.stream().map(Service::name).toList()));
      announce(config, http.port());
      return new Platform(config, store, meters, runningHost, http, api, generated, analyticsDb);
    } catch (RuntimeException e) {
      if (host != null) {
        host.stop(Duration.ofSeconds(1));
      }
      if (analyticsDb != null) {
        analyticsDb.close();
      }
      store.close();
      throw e;
    }
  }

  /**
   * Writes {@code <data>/server.json} so that commands run on the same data directory (e.g.
   * {@code solstice analytics query}) find this server instead of opening files it holds.
   */
  private static void announce(Config config, int port) {
    String host = config.host().equals("0.0.0.0") || config.host().equals("::") ? "127.0.0.1" : config.host();
    try {
      ServerFile.write(config.dataDirectory(), URI.create("http://" + host + ":" + port), Instant.now());
    } catch (IOException e) {
      log.warn("could not write {}/server.json ({}); `solstice analytics query` will need --url", config.dataDirectory(), e.toString());
    }
  }

  private static void printAdminKey(PrintWriter out, String key) {
    out.println();
    out.println("=====================================================================");
    out.println(" Solstice admin key (generated on first start; shown only this once)");
    out.println();
    out.println("   " + key);
    out.println();
    out.println(" Keep it: it is stored only as a keyed hash. Use it for /admin routes:");
    out.println("   Authorization: Bearer <key>. Set SOLSTICE_ADMIN_KEY to choose your own.");
    out.println("=====================================================================");
    out.println();
    out.flush();
  }

  private static FraudScorer scorer(Config config) {
    return config.fraudUrl() == null ? new EmbeddedFraudScorer() : new HttpFraudScorer(config.fraudUrl(), config.adapterTimeout(), Json.mapper());
  }

  private static PaymentGateway gateway(Config config) {
    return config.paymentUrl() == null ? new SimulatedPaymentGateway() : new HttpPaymentGateway(config.paymentUrl(), config.adapterTimeout(), Json.mapper());
  }

  private static MailSender mail(Config config, Clock clock) {
    if (config.smtp() == null || config.smtp().isBlank()) {
      return new FileMailSink(config.dataDirectory().resolve("mail"), clock);
    }
    try {
      return SmtpMailSender.parse(config.smtp(), clock);
    } catch (IllegalArgumentException e) {
      throw new CommandFailedException(e.getMessage(), e);
    }
  }

  private static Operations operations(SqlEventStore store, ServiceHost host, PrometheusMeterRegistry meters) {
    return new Operations() {
      @Override
      public Check live() {
        Health health = host == null ? null : host.health();
        Map<String, Object> details = new LinkedHashMap<>();
        if (health != null) {
          details.put("services", health.services());
        }
        return new Check(health == null || health.live(), details);
      }

      @Override
      public Check ready() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean storeUp;
        try {
          details.put("headPosition", store.headPosition());
          storeUp = true;
        } catch (RuntimeException e) {
          details.put("storeError", e.getMessage());
          storeUp = false;
        }
        details.put("store", storeUp ? "up" : "down");
        boolean servicesReady = true;
        if (host != null) {
          Health health = host.health();
          servicesReady = health.ready();
          details.put("services", health.services());
        } else {
          details.put("services", Map.of());
        }
        return new Check(storeUp && servicesReady, details);
      }

      @Override
      public String scrape() {
        return meters.scrape();
      }
    };
  }

  /** The HTTP port. */
  public int port() {
    return http.port();
  }

  /** The admin key generated by this start, if one was (it is printed once and never stored in clear). */
  public Optional<String> generatedAdminKey() {
    return generatedAdminKey;
  }

  /** The use cases, for in-process callers (tests, demo). */
  public CommerceApi api() {
    return api;
  }

  public SqlEventStore store() {
    return store;
  }

  public PrometheusMeterRegistry meters() {
    return meters;
  }

  public ApiServer http() {
    return http;
  }

  public Config config() {
    return config;
  }

  /** Stops HTTP, then the services (up to the stop timeout), then closes the analytics database and the store. */
  @Override
  public void close() {
    closing.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      try {
        http.close();
      } catch (RuntimeException e) {
        log.warn("stopping HTTP failed: {}", e.toString());
      }
      if (host != null) {
        host.stop(config.stopTimeout());
      }
      if (analyticsDb != null) {
        analyticsDb.close();
      }
      try {
        ServerFile.removeOwn(config.dataDirectory());
      } catch (IOException e) {
        log.warn("could not remove {}/server.json: {}", config.dataDirectory(), e.toString());
      }
      store.close();
      meters.close();
      log.info("Solstice stopped");
    } finally {
      closing.unlock();
    }
  }
}
