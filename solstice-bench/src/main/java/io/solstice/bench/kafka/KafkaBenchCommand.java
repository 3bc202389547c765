package io.solstice.bench.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.solstice.app.cli.CommandFailedException;
import io.solstice.bench.Machine;
import io.solstice.kafka.KafkaBus;
import io.solstice.kafka.broker.KraftBroker;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code solstice bench kafka}: the bus, measured against its baselines in the same run.
 *
 * <ul>
 *   <li><b>Publisher:</b> events/s from a SQLite store to Kafka ({@code KafkaPublisher}), against a
 *       raw producer loop with the same settings on the same broker.
 *   <li><b>Consumers:</b> events/s of 1, 2 and 4 instances (child JVMs) of a service whose handler
 *       waits {@code --handler-ms} per event with a fixed concurrency each, sharing the partitions of
 *       one consumer group; {@code scale_Nx} is the rate of N instances over that of one.
 *   <li><b>Failover:</b> with PostgreSQL ({@code --pg-url} or {@code SOLSTICE_PG_URL}), two
 *       instances of a leased service on the store feed; the active one is killed with SIGKILL and
 *       {@code failover_ms} is the time until the standby is active.
 * </ul>
 */
@Command(
    name = "kafka",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    header = "Measure the bus: publisher vs raw producer, consumer scaling over instances, failover.",
    description = {
      "",
      "Starts its own Kafka broker (KRaft, a child JVM) unless --bus names one. Publisher: events/s",
      "from a SQLite store to Kafka against a raw producer loop on the same broker. Consumers: events/s",
      "of 1, 2 and 4 instances (child JVMs) of a service whose handler waits --handler-ms per event.",
      "Failover (with PostgreSQL): time from SIGKILL of the active instance to the standby's takeover.",
      "With --json, one JSON object on stdout; progress on stderr.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {"  solstice bench kafka", "  solstice bench kafka --json", "  solstice bench kafka --bus kafka://127.0.0.1:9092 --events 500000"})
public final class KafkaBenchCommand implements Callable<Integer> {
  static final double TARGET_VS_RAW = 0.5;
  static final double TARGET_SCALE_2X = 1.8;
  static final double TARGET_SCALE_4X = 3.2;
  static final double TARGET_FAILOVER_MS = 5_000;

  @Spec CommandSpec spec;

  @Option(names = "--bus", paramLabel = "kafka://HOST:PORT", description = "A running broker to use (default: start one).")
  String bus;

  @Option(names = "--events", paramLabel = "N", defaultValue = "200000", description = "Events published (default: ${DEFAULT-VALUE}).")
  int events;

  @Option(names = "--consumer-events", paramLabel = "N", defaultValue = "40000",
      description = "Events consumed per consumer run (default: ${DEFAULT-VALUE}).")
  int consumerEvents;

  @Option(names = "--handler-ms", paramLabel = "MS", defaultValue = "5", description = "Time the consumer's handler waits per event (default: ${DEFAULT-VALUE}).")
  int handlerMs;

  @Option(names = "--concurrency", paramLabel = "N", defaultValue = "8", description = "Concurrent streams per consumer instance (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--partitions", paramLabel = "N", defaultValue = "8", description = "Partitions of the benchmark's topics (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--pg-url", paramLabel = "JDBC_URL", description = "PostgreSQL for the failover measurement (env SOLSTICE_PG_URL; none: skipped).")
  String pgUrl;

  @Option(names = "--json", description = "Print one JSON object on stdout instead of a table.")
  boolean json;

  @Option(names = "--quiet", description = "No progress on stderr.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    if (events < 1_000 || consumerEvents < 100 || handlerMs < 0 || concurrency < 1 || partitions < 4) {
      throw new CommandFailedException("--events must be at least 1000, --consumer-events at least 100, --handler-ms at least 0, "
          + "--concurrency at least 1 and --partitions at least 4 (the 4-instance run needs a partition each)");
    }
    PrintWriter err = quiet ? null : spec.commandLine().getErr();
    Path dir = Files.createTempDirectory("solstice-bench-kafka-");
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("load_avg_1m", Machine.loadAverage1m());
    KraftBroker broker = null;
    try {
      String servers;
      if (bus == null || bus.isBlank()) {
        say(err, "starting a Kafka broker (KRaft, a child JVM)…");
        broker = KraftBroker.start(dir.resolve("broker"), java.util.List.of("-Xmx768m", "-XX:+UseSerialGC"), partitions);
        servers = broker.bootstrapServers();
      } else {
        servers = String.join(",", KafkaBus.parse(bus.strip(), null, partitions).bootstrapServers());
      }
      r.put("bus", "kafka://" + servers);
      String run = Long.toHexString(System.nanoTime());
      PublisherBench.Result pub = new PublisherBench(servers, "bench-" + run, partitions, events, dir, err).run();
      r.put("events", events);
      r.put("publisher_events_per_sec", round(pub.publisherPerSec()));
      r.put("raw_producer_per_sec", round(pub.rawPerSec()));
      r.put("publisher_vs_raw", round(pub.publisherPerSec() / pub.rawPerSec(), 2));
      r.put("event_bytes", pub.eventBytes());
      ConsumerBench consumers = new ConsumerBench(servers, "bench-c-" + run, partitions, consumerEvents, handlerMs, concurrency, dir, err);
      double one = consumers.run(1);
      double two = consumers.run(2);
      double four = consumers.run(4);
      r.put("consumer_events", consumerEvents);
      r.put("handler_ms", handlerMs);
      r.put("concurrency_per_instance", concurrency);
      r.put("consumers_1_per_sec", round(one));
      r.put("consumers_2_per_sec", round(two));
      r.put("consumers_4_per_sec", round(four));
      r.put("scale_2x", round(two / one, 2));
      r.put("scale_4x", round(four / one, 2));
      String pg = pgUrl != null && !pgUrl.isBlank() ? pgUrl : System.getenv("SOLSTICE_PG_URL");
      Long failover = pg == null || pg.isBlank() ? null : new FailoverBench(pg, dir, err).run();
      r.put("failover_ms", failover);
      if (failover == null) {
        r.put("failover_note", "skipped: no PostgreSQL (--pg-url or SOLSTICE_PG_URL); standby needs a shared PostgreSQL store");
      }
      r.put("partitions", partitions);
      r.put("cores", Runtime.getRuntime().availableProcessors());
      r.put("jvm", Runtime.version().toString());
      r.put("target_met", pub.publisherPerSec() / pub.rawPerSec() >= TARGET_VS_RAW && two / one >= TARGET_SCALE_2X && four / one >= TARGET_SCALE_4X
          && (failover == null || failover <= TARGET_FAILOVER_MS));
    } finally {
      if (broker != null) {
        broker.close();
      }
      deleteTree(dir);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(new ObjectMapper().writeValueAsString(r));
    } else {
      printTable(out, r);
    }
    out.flush();
    return 0;
  }

  private static void printTable(PrintWriter out, Map<String, Object> r) {
    out.println("kafka benchmark on " + r.get("bus") + ", " + r.get("partitions") + " partitions, " + r.get("cores") + " cores, load "
        + r.get("load_avg_1m"));
    out.println(String.format(Locale.ROOT, "  publisher          %10.0f events/s  (raw producer %.0f/s: %.2f of raw, target ≥ %.1f; %s events of %s B)",
        num(r, "publisher_events_per_sec"), num(r, "raw_producer_per_sec"), num(r, "publisher_vs_raw"), TARGET_VS_RAW, r.get("events"),
        r.get("event_bytes")));
    out.println(String.format(Locale.ROOT, "  consumers          %10.0f / %.0f / %.0f events/s with 1 / 2 / 4 instances (%s ms per event, %s streams each)",
        num(r, "consumers_1_per_sec"), num(r, "consumers_2_per_sec"), num(r, "consumers_4_per_sec"), r.get("handler_ms"),
        r.get("concurrency_per_instance")));
    out.println(String.format(Locale.ROOT, "  scaling            %10.2f × with 2 (target ≥ %.1f), %.2f × with 4 (target ≥ %.1f)", num(r, "scale_2x"),
        TARGET_SCALE_2X, num(r, "scale_4x"), TARGET_SCALE_4X));
    out.println("  failover           " + (r.get("failover_ms") == null ? "skipped (" + r.get("failover_note") + ")"
        : String.format(Locale.ROOT, "%10.0f ms from SIGKILL to the standby's takeover (target < %.0f)", num(r, "failover_ms"), TARGET_FAILOVER_MS)));
    out.println("  target met         " + r.get("target_met"));
  }

  private static double num(Map<String, Object> r, String key) {
    return r.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  private static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  static void say(PrintWriter err, String line) {
    if (err != null) {
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
}
