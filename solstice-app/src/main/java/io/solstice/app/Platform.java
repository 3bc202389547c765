package io.solstice.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.solstice.app.http.ApiServer;
import io.solstice.app.http.CommerceApi;
import io.solstice.commerce.tenancy.Tenancy;
import io.solstice.commerce.CommerceServices;
import io.solstice.kafka.KafkaBus;
import io.solstice.pipeline.ServiceHost;
import io.solstice.store.sql.SqlEventStore;
import io.solstice.store.sql.SqlStoreConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
   * What to run and how. Build one with {@link #builder(Path)}: every setting has the default of
   * {@code solstice serve} (SQLite in the data directory, every service, embedded adapters) and is
   * checked when set, with an {@link IllegalArgumentException} naming the setting and the bad value.
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
   * @param adminRateLimit requests per second to the admin routes
   * @param failedAuthLimit failed authentications per second per client address (see {@link ApiServer.Settings})
   * @param bus the Kafka bus ({@code --bus}), or null: services read the store's feed
   * @param leaseTtl how long a lease outlives its holder's last renewal (several processes on PostgreSQL)
   * @param dedicatedStores named stores a tenant may be placed in at provisioning ({@code store.NAME.url})
   * @param observability the management port, tracing and the console's sampling
   * @param faults failures injected into the embedded fraud and payment simulators (demos, tests)
   * @param fuseReactions whether {@code fraud} and {@code payment} commit the {@code order} service's
   *     decision with theirs when it runs in this process ({@code --fuse-reactions})
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
      Duration pollWait,
      int adminRateLimit,
      int failedAuthLimit,
      KafkaBus bus,
      Duration leaseTtl,
      Map<String, SqlStoreConfig> dedicatedStores,
      Observability observability,
      SimulatedFaults faults,
      boolean fuseReactions) {

    public Config {
      Objects.requireNonNull(dataDirectory, "dataDirectory");
      Objects.requireNonNull(store, "store");
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(adapterTimeout, "adapterTimeout");
      Objects.requireNonNull(stopTimeout, "stopTimeout");
      Objects.requireNonNull(pollWait, "pollWait");
      Objects.requireNonNull(leaseTtl, "leaseTtl");
      Objects.requireNonNull(observability, "observability");
      Objects.requireNonNull(faults, "faults");
      if (fraudUrl != null && faults.fraudFailures() > 0 || paymentUrl != null && faults.paymentFailures() > 0) {
        throw new IllegalArgumentException("--fraud-fail-first and --payment-fail-first inject failures into the embedded simulators;"
            + " they cannot be used with --fraud-url or --payment-url (use the remote simulator's failNext instead)");
      }
      services = Set.copyOf(services);
      dedicatedStores = Map.copyOf(dedicatedStores);
      Map<String, String> owners = new HashMap<>();
      owners.put(location(store), "the pooled store");
      dedicatedStores.forEach((name, config) -> {
        String other = owners.putIfAbsent(location(config), "store " + name);
        if (other != null) {
          throw new IllegalArgumentException("store " + name + " (" + config.describe() + ") is the same place as " + other
              + "; give each named store a database, schema or file of its own");
        }
      });
    }

    /** Where a store keeps its events: its file, or its database URL and schema. */
    private static String location(SqlStoreConfig config) {
      return config.file() != null ? config.file().toAbsolutePath().normalize().toString() : config.jdbcUrl() + "#" + config.schema();
    }

    /** A builder with the defaults of {@code solstice serve} on {@code dataDirectory}. */
    public static Builder builder(Path dataDirectory) {
      return new Builder(dataDirectory);
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
      return new Builder(this);
    }
  }

  /** Builds a {@link Config}; each setter checks its value at once. */
  public static final class Builder {
    private Path dataDirectory;
    private SqlStoreConfig store;
    private String host = "0.0.0.0";
    private int port = 8080;
    private Set<String> services = Set.copyOf(CommerceServices.NAMES);
    private int rateLimit = 1000;
    private String adminKey;
    private String keyPepper;
    private URI fraudUrl;
    private URI paymentUrl;
    private String smtp;
    private Duration adapterTimeout = Duration.ofSeconds(5);
    private Duration stopTimeout = Duration.ofSeconds(30);
    private Duration pollWait = Duration.ofSeconds(1);
    private int adminRateLimit = ApiServer.Settings.DEFAULT_ADMIN_RATE_LIMIT;
    private int failedAuthLimit = ApiServer.Settings.DEFAULT_FAILED_AUTH_LIMIT;
    private KafkaBus bus;
    private Duration leaseTtl = Duration.ofSeconds(5);
    private final Map<String, SqlStoreConfig> dedicatedStores = new LinkedHashMap<>();
    private Observability observability = Observability.DEFAULTS;
    private SimulatedFaults faults = SimulatedFaults.NONE;
    private boolean fuseReactions = true;

    private Builder(Path dataDirectory) {
      this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
      this.store = SqlStoreConfig.sqlite(dataDirectory.resolve("solstice.db"));
    }

    private Builder(Config c) {
      dataDirectory = c.dataDirectory();
      store = c.store();
      host = c.host();
      port = c.port();
      services = c.services();
      rateLimit = c.rateLimit();
      adminKey = c.adminKey();
      keyPepper = c.keyPepper();
      fraudUrl = c.fraudUrl();
      paymentUrl = c.paymentUrl();
      smtp = c.smtp();
      adapterTimeout = c.adapterTimeout();
      stopTimeout = c.stopTimeout();
      pollWait = c.pollWait();
      adminRateLimit = c.adminRateLimit();
      failedAuthLimit = c.failedAuthLimit();
      bus = c.bus();
      leaseTtl = c.leaseTtl();
      dedicatedStores.putAll(c.dedicatedStores());
      observability = c.observability();
      faults = c.faults();
      fuseReactions = c.fuseReactions();
    }

    /** The event store (default: SQLite {@code DATA/solstice.db}). */
    public Builder store(SqlStoreConfig value) {
      store = Objects.requireNonNull(value, "store");
      return this;
    }

    /** The interface HTTP listens on (default {@code 0.0.0.0}). */
    public Builder host(String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("--host must name an interface, e.g. 0.0.0.0 or 127.0.0.1; was empty");
      }
      host = value.strip();
      return this;
    }

    /** The HTTP port (default 8080; 0 picks a free one). */
    public Builder port(int value) {
      if (value < 0 || value > 65535) {
        throw new IllegalArgumentException("--port must be 0-65535, was " + value);
      }
      port = value;
      return this;
    }

    /** The services to run by name (default: all); empty runs none, the HTTP API alone. */
    public Builder services(Set<String> names) {
      for (String s : names) {
        if (!CommerceServices.NAMES.contains(s)) {
          throw new IllegalArgumentException("unknown service '" + s + "' in --services; choose from "
              + String.join(", ", CommerceServices.NAMES) + ", or 'all' or '" + NO_SERVICES + "'");
        }
      }
      services = Set.copyOf(names);
      return this;
    }

    /** The services as {@code --services} spells them: {@code all}, {@code none}, or comma-separated names. */
    public Builder services(String spec) {
      if (spec == null || spec.isBlank() || spec.strip().equals("all")) {
        return services(Set.copyOf(CommerceServices.NAMES));
      }
      if (spec.strip().equals(NO_SERVICES)) {
        return services(Set.of());
      }
      Set<String> names = new LinkedHashSet<>();
      for (String part : spec.split(",")) {
        if (!part.isBlank()) {
          names.add(part.strip());
        }
      }
      return services(names);
    }

    /** Requests per second per tenant before 429 (default 1000). */
    public Builder rateLimit(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("--rate-limit must be at least 1 request/s per tenant, was " + value);
      }
      rateLimit = value;
      return this;
    }

    /**
     * The admin key ({@code SOLSTICE_ADMIN_KEY}), at least {@value Tenancy#MIN_ADMIN_KEY_LENGTH}
     * characters; null (default) generates one on the first start.
     */
    public Builder adminKey(String value) {
      Tenancy.requireStrongAdminKey(value);
      adminKey = blankToNull(value);
      return this;
    }

    /** The API-key pepper in base64 ({@code SOLSTICE_KEY_PEPPER}); null (default) uses {@code DATA/secrets/api-key-pepper}. */
    public Builder keyPepper(String value) {
      keyPepper = blankToNull(value);
      return this;
    }

    /** A fraud scoring service over HTTP; null (default) for the embedded scorer. */
    public Builder fraudUrl(URI value) {
      fraudUrl = httpUrl("--fraud-url", value);
      return this;
    }

    /** A payment gateway over HTTP; null (default) for the simulated gateway. */
    public Builder paymentUrl(URI value) {
      paymentUrl = httpUrl("--payment-url", value);
      return this;
    }

    /** {@code host:port} of an SMTP server; null (default) writes mails to {@code DATA/mail}. */
    public Builder smtp(String value) {
      smtp = blankToNull(value);
      return this;
    }

    /** The time-out of calls to the fraud scorer and payment gateway (default 5 s). */
    public Builder adapterTimeout(Duration value) {
      adapterTimeout = positive("adapter timeout", value);
      return this;
    }

    /** How long stopping waits for services to finish work in progress (default 30 s). */
    public Builder stopTimeout(Duration value) {
      stopTimeout = positive("--stop-timeout", value);
      return this;
    }

    /** How long a service's reader waits for new events before looking again (default 1 s). */
    public Builder pollWait(Duration value) {
      pollWait = positive("poll wait", value);
      return this;
    }

    /** Requests per second to the admin routes, all callers together (default {@value ApiServer.Settings#DEFAULT_ADMIN_RATE_LIMIT}). */
    public Builder adminRateLimit(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("the admin rate limit must be at least 1 request/s, was " + value);
      }
      adminRateLimit = value;
      return this;
    }

    /**
     * The Kafka bus ({@code --bus kafka://HOST:PORT}); null (default): services read the store's
     * feed. With a bus, every process that runs services also runs a publisher candidate, and
     * services consume their topics in consumer groups.
     */
    public Builder bus(KafkaBus value) {
      bus = value;
      return this;
    }

    /**
     * Failed authentications per second per client address before it is answered 429 (default
     * {@value ApiServer.Settings#DEFAULT_FAILED_AUTH_LIMIT}, with a burst of ten times as many).
     */
    public Builder failedAuthLimit(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("the failed-authentication limit must be at least 1 per second, was " + value);
      }
      failedAuthLimit = value;
      return this;
    }

    /**
     * How long a lease outlives its holder's last renewal (default 5 s): on PostgreSQL, a standby
     * takes over a dead holder's role at once when its connection is gone, else after this.
     */
    public Builder leaseTtl(Duration value) {
      leaseTtl = positive("--lease-ttl", value);
      if (value.toMillis() < 1_000) {
        throw new IllegalArgumentException("--lease-ttl must be at least 1 second, was " + value);
      }
      return this;
    }

    /**
     * A dedicated store named {@code name} ({@code store.NAME.url} in the settings file): tenants
     * provisioned with {@code "placement": NAME} keep their events there, not in the pooled store.
     */
    public Builder dedicatedStore(String name, SqlStoreConfig config) {
      if (name == null || !name.matches("[a-z0-9][a-z0-9_-]{0,39}") || name.equals("pooled")) {
        throw new IllegalArgumentException("store name '" + name + "' is invalid: use 1-40 characters of [a-z0-9_-], not 'pooled'");
      }
      dedicatedStores.put(name, Objects.requireNonNull(config, "config"));
      return this;
    }

    /** Serve {@code /health/*} and {@code /metrics} on this port instead of the API port (0 picks a free one); default: the API port. */
    public Builder managementPort(int value) {
      observability = observability.withManagementPort(value);
      return this;
    }

    /** The process's OpenTelemetry (default {@link io.solstice.app.ops.Telemetry#off()}); the platform closes it. */
    public Builder telemetry(io.solstice.app.ops.Telemetry value) {
      observability = observability.withTelemetry(value);
      return this;
    }

    /** How often the console's timeline takes a sample (default 5 s). */
    public Builder consoleSampleInterval(Duration value) {
      observability = observability.withSampleInterval(positive("console sample interval", value));
      return this;
    }

    /** Failures injected into the embedded simulators (default none). */
    public Builder faults(SimulatedFaults value) {
      faults = Objects.requireNonNull(value, "faults");
      return this;
    }

    /**
     * Whether {@code fraud} and {@code payment} commit the {@code order} service's decision on their
     * events together with their own when {@code order} runs in this process (default true): two
     * commits and feed hops fewer per order, the same events. False runs them as separate reactions.
     */
    public Builder fuseReactions(boolean value) {
      fuseReactions = value;
      return this;
    }

    public Config build() {
      return new Config(dataDirectory, store, host, port, services, rateLimit, adminKey, keyPepper, fraudUrl, paymentUrl, smtp,
          adapterTimeout, stopTimeout, pollWait, adminRateLimit, failedAuthLimit, bus, leaseTtl, dedicatedStores, observability, faults,
          fuseReactions);
    }

    private static String blankToNull(String value) {
      return value == null || value.isBlank() ? null : value.strip();
    }

    private static URI httpUrl(String flag, URI value) {
      if (value == null) {
        return null;
      }
      if (!"http".equals(value.getScheme()) && !"https".equals(value.getScheme())) {
        throw new IllegalArgumentException(flag + " must be an http:// or https:// URL, was " + value);
      }
      return value.getPath() == null || value.getPath().endsWith("/") ? value : URI.create(value + "/");
    }

    private static Duration positive(String name, Duration d) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + d);
      }
      return d;
    }
  }

  private final Config config;
  private final String instanceId;
  private final SqlEventStore store;
  private final PrometheusMeterRegistry meters;
  private final ServiceHost host;
  private final ApiServer http;
  private final ApiServer management;
  private final CommerceApi api;
  private final Optional<String> generatedAdminKey;
  private final Closer parts;

  Platform(Config config, String instanceId, SqlEventStore store, PrometheusMeterRegistry meters, ServiceHost host, ApiServer http,
      ApiServer management, CommerceApi api, Optional<String> generatedAdminKey, Closer parts) {
    this.management = management;
    this.config = config;
    this.instanceId = instanceId;
    this.store = store;
    this.meters = meters;
    this.host = host;
    this.http = http;
    this.api = api;
    this.generatedAdminKey = generatedAdminKey;
    this.parts = parts;
  }

  /**
   * Starts everything (see {@link Startup}). A generated admin key is available once from {@link
   * #generatedAdminKey()}.
   *
   * @throws StartupException if a setting is unusable (the message names it and what to set)
   */
  public static Platform start(Config config) {
    return Startup.start(config);
  }

  /** This process's instance id (in the instance registry, leases and {@code DATA/servers/}). */
  public String instanceId() {
    return instanceId;
  }

  /** The services of this process, or null when it runs none. */
  public ServiceHost services() {
    return host;
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

  /** The management port, when a management server serves the probes ({@code --management-port}). */
  public Optional<Integer> managementPort() {
    return Optional.ofNullable(management).map(ApiServer::port);
  }

  public Config config() {
    return config;
  }

  /**
   * Stops in the reverse order of start: HTTP (requests in flight finish), the heartbeat, the
   * publisher, the services (up to the stop timeout, checkpoints stored), leases (released, so
   * standbys take over at once), the analytics database, the store. Closing twice is harmless.
   */
  @Override
  public void close() {
    parts.close();
    log.info("Solstice stopped");
  }
}
