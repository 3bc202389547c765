package io.solstice.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.solstice.app.http.ApiServer;
import io.solstice.app.http.CommerceApi;
import io.solstice.app.http.RateLimiter;
import io.solstice.app.ops.LatencyWindow;
import io.solstice.app.ops.ProcessMeters;
import io.solstice.commerce.Categories;
import io.solstice.commerce.CommerceServices;
import io.solstice.commerce.analytics.AnalyticsDatabase;
import io.solstice.commerce.analytics.AnalyticsService;
import io.solstice.commerce.analytics.AnalyticsSettings;
import io.solstice.commerce.cart.Carts;
import io.solstice.commerce.catalog.Catalog;
import io.solstice.commerce.inventory.Inventory;
import io.solstice.commerce.order.OrderProcess;
import io.solstice.commerce.order.Orders;
import io.solstice.commerce.readmodel.ProjectionProgress;
import io.solstice.commerce.readmodel.Projections;
import io.solstice.commerce.readmodel.ReadModels;
import io.solstice.commerce.readmodel.SqlReadModels;
import io.solstice.commerce.shared.Ids;
import io.solstice.commerce.payment.PaymentTokens;
import io.solstice.commerce.tenancy.ApiKeys;
import io.solstice.core.io.OwnerOnly;
import io.solstice.store.sql.SqlStoreConfig;
import io.solstice.commerce.tenancy.PepperMismatchException;
import io.solstice.commerce.tenancy.Tenancy;
import io.solstice.core.store.EventStore;
import io.solstice.core.store.Lease;
import io.solstice.core.store.TenantPlacement;
import io.solstice.kafka.KafkaPublisher;
import io.solstice.kafka.KafkaSource;
import io.solstice.pipeline.LeaseKeeper;
import io.solstice.pipeline.Service;
import io.solstice.pipeline.ServiceHost;
import io.solstice.pipeline.Sleeper;
import io.solstice.store.sql.SqlDialect;
import io.solstice.store.sql.RoutingEventStore;
import io.solstice.store.sql.SqlEventStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one Solstice process from its {@link Platform.Config}, in this order; each part is
 * registered for closing in the reverse order, so a failure half-way closes what was started.
 *
 * <ol>
 *   <li>the store (migrated), its metrics; this process's instance id;
 *   <li>the API-key pepper, checked against the fingerprint the store recorded: a process with
 *       another pepper refuses to start before it writes any key hash; then the admin key;
 *   <li>on PostgreSQL, the lease keeper: several processes may share the store, so each service on
 *       the store feed, the Kafka publisher and analytics are leased to one process at a time;
 *   <li>analytics (DuckDB), in one instance only: a second process asking for it is refused;
 *   <li>the services: on the store feed, or with {@code --bus} on Kafka topics (consumer groups),
 *       with the publisher as a candidate for the store's one active publisher;
 *   <li>the operations console's parts (live feed, timeline, service directory) and, with {@code
 *       --management-port}, the management server for the probes;
 *   <li>HTTP, the instance heartbeat and {@code DATA/servers/<instance>.json}.
 * </ol>
 *
 * Tracing ({@link Observability#telemetry()}) is registered first after the metrics, so it is closed
 * (its spans flushed) after everything that makes spans has stopped.
 */
final class Startup {
  private static final Logger log = LoggerFactory.getLogger(Startup.class);
  private static final String ANALYTICS_LEASE = "analytics";

  private Startup() {}

  static Platform start(Platform.Config config) {
    Closer parts = new Closer();
    try {
      ownerOnlyDataDirectory(config.dataDirectory());
      SqlEventStore store = parts.add("the store", SqlEventStore.open(config.store()));
      ownerOnlyStoreFiles(config.store());
      PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      parts.add("metrics", meters::close);
      ProcessMeters.bind(meters);
      StoreMetrics.register(store, meters);
      Observability observability = config.observability();
      parts.add("tracing", observability.telemetry());
      String instanceId = InstanceHeartbeat.newInstanceId();
      Clock clock = Clock.systemUTC();
      Map<String, SqlEventStore> dedicated = new LinkedHashMap<>();
      config.dedicatedStores().forEach((name, c) -> dedicated.put(name, parts.add("store " + name, SqlEventStore.open(c))));
      // tenants placed in a dedicated store keep their events there; checkpoints, leases, read models stay in the pooled one
      EventStore events = dedicated.isEmpty() ? store : new RoutingEventStore(store, dedicated);

      Categories categories = Categories.on(events);
      byte[] pepper = Secrets.pepper(config.keyPepper(), config.dataDirectory(), ApiKeys::newPepper);
      ApiKeys keys = new ApiKeys(pepper);
      PaymentTokens paymentTokens = PaymentTokens.fromSecret(pepper);
      Tenancy tenancy = new Tenancy(events, categories.tenants(), keys, tenant -> TenantPlacement.POOLED_STORE);
      try {
        tenancy.requireSamePepper();
      } catch (PepperMismatchException e) {
        throw new StartupException(e.getMessage(), e);
      }
      Optional<String> generated = tenancy.ensureAdminKey(config.adminKey());

      LeaseKeeper keeper = store.dialect() == SqlDialect.POSTGRES
          ? parts.add("leases", new LeaseKeeper(store.leases(), instanceId, config.leaseTtl(), Sleeper.SYSTEM))
          : null;
      AnalyticsDatabase analyticsDb = config.services().contains(AnalyticsService.NAME)
          ? parts.add("the analytics database", openAnalytics(config, store, keeper))
          : null;

      Ids ids = new Ids(clock);
      ProjectionProgress progress = ProjectionProgress.create(store.checkpoints());
      ReadModels readModels = new SqlReadModels(store.dataSource(), events, progress);
      CommerceApi api = new CommerceApi(tenancy, new Catalog(categories.products()),
          new Inventory(categories.stock(), categories.products()), new Carts(categories, ids, paymentTokens),
          new Orders(categories, ids), readModels, Optional.ofNullable(analyticsDb).map(AnalyticsDatabase::analytics),
          config.dedicatedStores().keySet());

      LatencyWindow mailLatency = new LatencyWindow();
      List<Service<?, ?>> services = services(config, categories, tenancy, store, progress, analyticsDb, clock, paymentTokens, meters, mailLatency);
      ServiceHost host = null;
      List<KafkaPublisher> publishers = new ArrayList<>();
      if (!services.isEmpty()) {
        ServiceHost.Builder builder = ServiceHost.builder(events).checkpoints(store.checkpoints()).deadLetters(store.deadLetters())
            .meterRegistry(meters).openTelemetry(observability.telemetry().openTelemetry()).pollWait(config.pollWait()).services(services);
        if (keeper != null) {
          builder.leases(keeper);
        }
        if (config.bus() != null) {
          builder.sourceFactory("store", KafkaSource.factory(config.bus()));
        }
        ServiceHost built = builder.build();
        host = built;
        parts.add("the services", () -> built.stop(config.stopTimeout()));
        built.start();
        if (config.bus() != null) {
          // one publisher per store with a feed of its own: the pooled one, and each dedicated one under its name
          publishers.add(parts.add("the Kafka publisher", new KafkaPublisher(config.bus(), store, null, store.checkpoints(), keeper, meters)));
          dedicated.forEach((name, s) -> publishers.add(parts.add("the Kafka publisher of store " + name,
              new KafkaPublisher(config.bus(), s, name, store.checkpoints(), keeper, meters))));
          publishers.forEach(KafkaPublisher::start);
        }
      }
      if (keeper != null) {
        keeper.start();
      }
      List<HealthChecks.Probe> probes = config.bus() == null ? List.of()
          : List.of(parts.add("the bus probe", new BusProbe(config.bus(), instanceId)).probe());
      HealthChecks health = new HealthChecks(store, host, meters, probes);
      OperationsConsole console = parts.add("the console", OperationsConsole.start(config, instanceId, store, meters, tenancy, readModels, host,
          mailLatency, config.smtp() == null ? config.dataDirectory().resolve("mail") : null, clock));
      ApiServer management = observability.hasManagementPort()
          ? parts.add("the management server", ApiServer.management(config.host(), observability.managementPort(), health, tenancy, meters))
          : null;
      ApiServer http = parts.add("HTTP", ApiServer.start(new ApiServer.Settings(config.host(), config.port(), ApiServer.DEFAULT_MAX_BODY_BYTES,
          config.rateLimit(), Version.solstice(), config.adminRateLimit(), config.failedAuthLimit()), api, health, meters,
          RateLimiter.perSecond(config.rateLimit()),
          new ApiServer.Options(observability.telemetry().openTelemetry(), management == null, console.api(), console::endLiveStreams)));
      URI url = URI.create("http://" + reachableHost(config) + ":" + http.port());
      List<String> names = services.stream().map(Service::name).toList();
      parts.add("the heartbeat", new InstanceHeartbeat(store.instances(), instanceId, names, host, publishers.isEmpty() ? null : publishers.getFirst(), meters, url::toString));
      announce(config, instanceId, url, names, parts);
      log.info("Solstice {} serving on http://{}:{} with {} ({}{}); console at /console; probes on {}; tracing {}", instanceId, config.host(),
          http.port(), config.store().describe(), services.isEmpty() ? "no services" : "services " + String.join(", ", names),
          config.bus() == null ? "" : "; bus " + config.bus(), management == null ? "the API port" : "management port " + management.port(),
          observability.telemetry().describe());
      return new Platform(config, instanceId, store, meters, host, http, management, api, generated, parts);
    } catch (RuntimeException e) {
      parts.close();
      throw e;
    }
  }

  /** Creates the data directory owner-only (its files hold personal data and secrets). */
  private static void ownerOnlyDataDirectory(Path dataDirectory) {
    try {
      OwnerOnly.directories(dataDirectory);
    } catch (IOException e) {
      throw new StartupException("cannot create the data directory " + dataDirectory.toAbsolutePath() + " (" + e
          + "); check the path and its permissions", e);
    }
  }

  /** The SQLite store's files, owner-only (SQLite creates its journal files with the database's mode). */
  private static void ownerOnlyStoreFiles(SqlStoreConfig store) {
    if (store.file() == null) {
      return;
    }
    try {
      for (String suffix : List.of("", "-wal", "-shm")) {
        OwnerOnly.restrict(store.file().resolveSibling(store.file().getFileName() + suffix));
      }
    } catch (IOException e) {
      log.warn("could not make the store's files {} owner-only: {}", store.file(), e.toString());
    }
  }

  private static List<Service<?, ?>> services(Platform.Config config, Categories categories, Tenancy tenancy, SqlEventStore store,
      ProjectionProgress progress, AnalyticsDatabase analyticsDb, Clock clock, PaymentTokens paymentTokens, MeterRegistry meters,
      LatencyWindow mailLatency) {
    List<Service<?, ?>> services = new ArrayList<>();
    if (config.services().isEmpty()) {
      return services;
    }
    List<Service<?, ?>> all = new ArrayList<>(CommerceServices.reactions(categories, tenancy, config.faults().wrap(Adapters.scorer(config)),
        config.faults().wrap(Adapters.gateway(config)), new CheckoutMailTimer(Adapters.mail(config, clock), meters, clock, mailLatency),
        paymentTokens, config.fuseReactions() && config.services().contains(OrderProcess.NAME)));
    all.add(Projections.service(categories, store.dataSource(), progress));
    if (analyticsDb != null) {
      all.add(AnalyticsService.service(categories, analyticsDb));
    }
    for (Service<?, ?> s : all) {
      if (config.services().contains(s.name())) {
        services.add(s);
      }
    }
    return services;
  }

  /**
   * Opens DuckDB for the analytics service. DuckDB allows one writing process per file, and the
   * deployment one analytics instance: on PostgreSQL this process must take the analytics lease at
   * once, or it refuses to start, naming where analytics runs.
   */
  private static AnalyticsDatabase openAnalytics(Platform.Config config, SqlEventStore store, LeaseKeeper keeper) {
    if (keeper != null) {
      Optional<LeaseKeeper.Claim> claim = keeper.claimNow(ANALYTICS_LEASE, new LeaseKeeper.Claim.Listener() {
        @Override
        public void acquired(Lease lease) {}

        @Override
        public void lost(Lease lease) {
          log.warn("the analytics lease was lost; another process may now start analytics; this one keeps its database until it stops");
        }
      });
      if (claim.isEmpty()) {
        String where = store.leases().list().stream().filter(l -> l.name().equals(ANALYTICS_LEASE)).map(l -> "instance " + l.holder())
            .findFirst().orElse("another instance");
        throw new StartupException("analytics already runs in " + where + " on this store, and a deployment runs one analytics instance "
            + "(DuckDB has one writer). Start this process with --services leaving out analytics, e.g. --services "
            + "fraud,order,payment,fulfillment,notification,projections, or stop the other one first");
      }
    }
    return AnalyticsDatabase.open(AnalyticsDatabase.fileIn(config.dataDirectory()), AnalyticsSettings.defaults());
  }

  private static String reachableHost(Platform.Config config) {
    return config.host().equals("0.0.0.0") || config.host().equals("::") ? "127.0.0.1" : config.host();
  }

  /**
   * Writes {@code DATA/servers/<instance>.json} (and, for the process that holds the analytics
   * database or runs everything, {@code DATA/server.json}) so that commands on the same data
   * directory find the server instead of opening files it holds.
   */
  private static void announce(Platform.Config config, String instanceId, URI url, List<String> services, Closer parts) {
    try {
      ServerFile.writeInstance(config.dataDirectory(), instanceId, url, services, Instant.now());
      parts.add("the server file", () -> ServerFile.removeInstance(config.dataDirectory(), instanceId));
      if (services.contains(AnalyticsService.NAME) || services.size() == CommerceServices.NAMES.size()) {
        ServerFile.write(config.dataDirectory(), url, Instant.now());
        parts.add("server.json", () -> ServerFile.removeOwn(config.dataDirectory()));
      }
    } catch (IOException e) {
      log.warn("could not write the server file in {} ({}); `solstice analytics query` will need --url", config.dataDirectory(), e.toString());
    }
  }
}
