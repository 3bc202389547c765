package io.solstice.bench.chaos;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code solstice chaos crash}: the crash harness ({@link CrashHarness}); exit code 1 when anything was lost, duplicated or differs. */
@Command(
    name = "crash",
    mixinStandardHelpOptions = true,
    header = "Kill the platform with SIGKILL under load, restart it, repeat; then check that nothing was lost or duplicated.",
    description = {
      "",
      "Runs 'solstice serve' (embedded SQLite, every service; or with --topology split, an API process and",
      "workers on PostgreSQL and Kafka) as child JVMs on a new data directory,",
      "drives the simulator's shoppers against it, and kills it with SIGKILL after a random time under",
      "load (seeded), then starts it again on the same data, --kills times. Then it lets the server",
      "settle, stops it, and checks:",
      "  - every order whose checkout answered 201 is in the log;",
      "  - no reaction wrote its output twice for one causation event (per stream and event type);",
      "  - every confirmed order got exactly one confirmation mail (DATA/mail);",
      "  - the read models equal a rebuild from the log (solstice projections rebuild);",
      "  - the analytics tables equal those of an analytics service run from scratch on a copy of the log.",
      "",
      "Progress goes to stderr, the report to stdout (--json: one JSON line). Exit code 0 when every",
      "check held, 1 when something was lost, duplicated or differs. The data directory and the",
      "server logs (DATA/logs) are kept when a check fails, or with --keep.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {"  solstice chaos crash                      # 20 kills, a few minutes", "  solstice chaos crash --kills 200 --json    # the long mode",
        "  solstice chaos crash --seed 42 --keep      # replay a run's kill times and keep its data",
        "  solstice chaos crash --topology split --pg-url jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres"})
public final class CrashCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--kills", paramLabel = "N", defaultValue = "20", description = "SIGKILLs to survive (default: ${DEFAULT-VALUE}; 200 is the long mode).")
  int kills;

  @Option(names = "--seed", paramLabel = "N", description = "Seed of the kill times and the shoppers (default: random, printed).")
  Long seed;

  @Option(names = "--min-uptime-ms", paramLabel = "MS", defaultValue = "200", description = "Shortest time under load before a kill (default: ${DEFAULT-VALUE}).")
  long minUptimeMs;

  @Option(names = "--max-uptime-ms", paramLabel = "MS", defaultValue = "2500", description = "Longest time under load before a kill (default: ${DEFAULT-VALUE}).")
  long maxUptimeMs;

  @Option(names = "--tenants", paramLabel = "N", defaultValue = "2", description = "Tenants the load spreads over (default: ${DEFAULT-VALUE}).")
  int tenants;

  @Option(names = "--shoppers", paramLabel = "N", defaultValue = "8", description = "Concurrent shoppers (default: ${DEFAULT-VALUE}).")
  int shoppers;

  @Option(names = "--rate", paramLabel = "ORDERS_PER_S", defaultValue = "30", description = "Target new orders per second; 0 for as fast as the shoppers go (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--data", paramLabel = "DIR", description = "Data directory to use; must be empty or missing (default: a new temporary directory).")
  Path data;

  @Option(names = "--start-timeout", paramLabel = "SECONDS", defaultValue = "120", description = "How long one start may take to be ready (default: ${DEFAULT-VALUE}).")
  long startTimeout;

  @Option(names = "--settle-timeout", paramLabel = "SECONDS", defaultValue = "120", description = "How long the server may take to settle at the end (default: ${DEFAULT-VALUE}).")
  long settleTimeout;

  @Option(names = "--topology", paramLabel = "embedded|split", defaultValue = "embedded",
      description = "embedded: one process on SQLite (default). split: PostgreSQL and Kafka (a broker started here), an API process"
          + " (--services none), two workers (the order flow) and a views process (projections, analytics); any of them is killed.")
  String topology;

  @Option(names = "--pg-url", paramLabel = "URL", defaultValue = "${env:SOLSTICE_PG_URL:-jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}",
      description = "PostgreSQL JDBC URL for --topology split (default: SOLSTICE_PG_URL, else ${DEFAULT-VALUE}).")
  String pgUrl;

  @Option(names = "--pg-schema", paramLabel = "SCHEMA", description = "Schema for --topology split; must not exist (default: chaos_<random>; dropped after a run whose checks held).")
  String pgSchema;

  @Option(names = "--keep", description = "Keep the data directory even when every check held.")
  boolean keep;

  @Option(names = "--json", description = "Print the report as one JSON line.")
  boolean json;

  private CrashHarness.Options options(long s, Path dir, String schema) {
    try {
      return new CrashHarness.Options(kills, s, Duration.ofMillis(minUptimeMs), Duration.ofMillis(maxUptimeMs), tenants, shoppers, rate, dir,
          Duration.ofSeconds(startTimeout), Duration.ofSeconds(settleTimeout), topology, pgUrl, schema);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long s = seed != null ? seed : ThreadLocalRandom.current().nextLong();
    String schema = pgSchema != null ? pgSchema : "chaos_" + Long.toString(s & Long.MAX_VALUE, 36);
    options(s, Path.of("."), schema); // refuses bad options before any directory is made
    Path dir = data != null ? data : Files.createTempDirectory("solstice-chaos-");
    if (Files.isDirectory(dir)) {
      try (var entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--data " + dir + " is not empty; pass a new directory");
        }
      }
    }
    CrashHarness.Options options = options(s, dir, schema);
    CrashReport report = new CrashHarness(options, err).run();
    if (json) {
      out.println(report.json());
      out.flush();
    } else {
      report.print(out);
    }
    if (report.ok() && !keep) {
      DataDirectories.delete(dir);
    } else {
      err.println("chaos crash: data and server logs kept in " + dir);
      err.flush();
    }
    return report.ok() ? 0 : 1;
  }
}
