package io.solstice.app.cli.serve;

import io.solstice.app.Platform;
import io.solstice.app.StartupException;
import io.solstice.app.cli.AdminKeyBanner;
import io.solstice.app.SimulatedFaults;
import io.solstice.app.cli.CommandFailedException;
import io.solstice.app.cli.ConfigDefaults;
import io.solstice.app.cli.LoggingOptions;
import io.solstice.app.ops.Telemetry;
import io.solstice.app.cli.StoreOptions;
import io.solstice.kafka.KafkaBus;
import io.solstice.commerce.CommerceServices;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import io.solstice.store.sql.SqlStoreConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code solstice serve}: the HTTP API and every commerce service in one process (embedded mode).
 * Runs until SIGTERM or Ctrl-C, then stops HTTP, the services and the store in that order.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    header = "Run the HTTP API and the commerce services in one process.",
    description = {
      "",
      "Embedded by default: an SQLite store in the data directory, the simulated payment",
      "gateway, the embedded fraud scorer, mails written to DATA/mail/.",
      "The admin key is SOLSTICE_ADMIN_KEY, or generated on the first start and printed once.",
      "The API-key pepper is SOLSTICE_KEY_PEPPER (base64), or DATA/secrets/api-key-pepper.",
      "The operations console is at /console (it asks for the admin key).",
      "Traces: off unless OTEL_TRACES_EXPORTER or OTEL_EXPORTER_OTLP_ENDPOINT is set (OTLP over HTTP).",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  solstice serve",
      "  solstice serve --data /var/lib/solstice --port 9000",
      "  solstice serve --services none            # HTTP API only",
      "  solstice serve --services fraud,payment   # a subset of the services",
      "  solstice serve --backend postgres --pg-url jdbc:postgresql://127.0.0.1:5432/solstice?user=postgres",
      "  solstice serve --backend postgres --pg-url URL --bus kafka://127.0.0.1:9092 --services fraud,payment",
      "  solstice serve --management-port 9090 --log-format json",
      "  OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318 solstice serve   # traces over OTLP"
    })
public final class ServeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin StoreOptions store;

  @Mixin LoggingOptions logging;

  @Option(names = "--management-port", paramLabel = "PORT", defaultValue = "-1",
      description = "Serve /health/* and /metrics on this port (0 picks a free one) instead of the API port, which then no longer serves them"
          + " (default: the API port).")
  int managementPort;

  @Option(names = "--fraud-fail-first", paramLabel = "N", defaultValue = "0",
      description = "Demos: the embedded fraud scorer fails its first N calls; each failure parks a dead letter, replay it to succeed.")
  int fraudFailFirst;

  @Option(names = "--payment-fail-first", paramLabel = "N", defaultValue = "0",
      description = "Demos: the simulated payment gateway fails its first N authorizations; each parks a dead letter, replay it to succeed.")
  int paymentFailFirst;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(names = "--host", paramLabel = "HOST", defaultValue = "0.0.0.0", description = "Interface to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--services", paramLabel = "LIST", defaultValue = "all",
      description = "Services to run: all (default), none (HTTP API only), or a comma-separated subset of "
          + "fraud, order, payment, fulfillment, notification, projections, analytics.")
  String services;

  @Option(names = "--fuse-reactions", paramLabel = "true|false", defaultValue = "true", arity = "1",
      description = "When order runs in this process, fraud and payment commit its decision on their events with their own: two commits"
          + " and feed hops fewer per order, the same events as separate processes write (default: ${DEFAULT-VALUE}).")
  boolean fuseReactions;

  @Option(names = "--rate-limit", paramLabel = "N", defaultValue = "1000",
      description = "Requests per second per tenant before 429 (default: ${DEFAULT-VALUE}).")
  int rateLimit;

  @Option(names = "--fraud-url", paramLabel = "URL", description = "A fraud scoring service (default: the embedded scorer).")
  String fraudUrl;

  @Option(names = "--payment-url", paramLabel = "URL", description = "A payment gateway (default: the simulated gateway).")
  String paymentUrl;

  @Option(names = "--smtp", paramLabel = "HOST:PORT", description = "An SMTP server for mails (default: files in DATA/mail/).")
  String smtp;

  @Option(names = "--bus", paramLabel = "kafka://HOST:PORT[,HOST:PORT...]",
      description = "The Kafka bus: services consume their categories' topics in consumer groups, and one process per store "
          + "publishes the store's events to it (default: none; services read the store's feed).")
  String bus;

  @Option(names = "--bus-prefix", paramLabel = "PREFIX", defaultValue = KafkaBus.DEFAULT_PREFIX,
      description = "Prefix of the bus's topics (PREFIX.Category) and consumer groups (PREFIX.service), so that stores can share a broker "
          + "(default: ${DEFAULT-VALUE}).")
  String busPrefix;

  @Option(names = "--bus-partitions", paramLabel = "N", defaultValue = "" + KafkaBus.DEFAULT_PARTITIONS,
      description = "Partitions of the topics Solstice creates: at least the most instances of any one service (default: ${DEFAULT-VALUE}).")
  int busPartitions;

  @Option(names = "--lease-ttl", paramLabel = "SECONDS", defaultValue = "5",
      description = "On PostgreSQL, how long a lease outlives its holder's last renewal: a standby takes over a dead process's "
          + "services after this, or at once when the database saw its connection close (default: ${DEFAULT-VALUE}).")
  int leaseTtlSeconds;

  @Option(names = "--stop-timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "How long stopping waits for services to finish work in progress (default: ${DEFAULT-VALUE}).")
  int stopTimeoutSeconds;

  /** From SOLSTICE_ADMIN_KEY (or the config file); hidden: a secret belongs in the environment, not in argv. */
  @Option(names = "--admin-key", hidden = true)
  String adminKey;

  /** From SOLSTICE_KEY_PEPPER (or the config file); hidden for the same reason. */
  @Option(names = "--key-pepper", hidden = true)
  String keyPepper;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    logging.apply();
    Platform.Config config = config();
    Platform platform = start(config);
    platform.generatedAdminKey().ifPresent(key -> AdminKeyBanner.print(out, key));
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      platform.close();
      stopped.countDown();
    }, "solstice-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    out.println("Solstice is serving on http://" + displayHost() + ":" + platform.port() + " (" + store.describe() + ", services: "
        + (config.services().isEmpty() ? "none" : String.join(",", CommerceServices.NAMES.stream().filter(config.services()::contains).toList()))
        + "). Stop with Ctrl-C.");
    out.flush();
    stopped.await();
    return 0;
  }

  Platform.Config config() {
    try {
      Platform.Builder builder = Platform.Config.builder(store.dataDirectory());
      dedicatedStores().forEach(builder::dedicatedStore);
      return builder
          .store(store.storeConfig())
          .host(host)
          .port(port)
          .services(services)
          .rateLimit(rateLimit)
          .adminKey(adminKey)
          .keyPepper(keyPepper)
          .fraudUrl(uri("--fraud-url", fraudUrl))
          .paymentUrl(uri("--payment-url", paymentUrl))
          .smtp(smtp)
          .stopTimeout(Duration.ofSeconds(Math.max(1, stopTimeoutSeconds)))
          .bus(bus == null || bus.isBlank() ? null : KafkaBus.parse(bus.strip(), busPrefix, busPartitions))
          .leaseTtl(Duration.ofSeconds(leaseTtlSeconds))
          .managementPort(managementPort)
          .faults(new SimulatedFaults(fraudFailFirst, paymentFailFirst))
          .fuseReactions(fuseReactions)
          .telemetry(Telemetry.fromEnvironment())
          .build();
    } catch (IllegalArgumentException e) {
      throw new CommandFailedException(e.getMessage(), e);
    }
  }

  /** The named stores of the settings file ({@code store.NAME.url}), for tenant placement. */
  private Map<String, SqlStoreConfig> dedicatedStores() {
    if (!(spec.defaultValueProvider() instanceof ConfigDefaults defaults)) {
      return Map.of();
    }
    CommandLine storeCommand = spec.root().commandLine().getSubcommands().get("store");
    Set<String> subcommands = storeCommand == null ? Set.of() : storeCommand.getSubcommands().keySet();
    return DedicatedStores.parse(defaults.fileEntries("store."), subcommands, store.dataDirectory());
  }

  private static Platform start(Platform.Config config) {
    try {
      return Platform.start(config);
    } catch (StartupException e) {
      throw new CommandFailedException(e.getMessage(), e);
    }
  }

  private String displayHost() {
    return host.equals("0.0.0.0") ? "localhost" : host;
  }

  private static URI uri(String flag, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return new URI(value);
    } catch (URISyntaxException e) {
      throw new CommandFailedException(flag + " is not a URL: " + value + " (" + e.getMessage() + ")");
    }
  }
}
