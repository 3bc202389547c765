package io.solstice.bench.store;

import io.solstice.app.cli.CommandFailedException;
import io.solstice.app.cli.StoreOptions.Backend;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code solstice bench store}: the event store append benchmark (see {@link StoreBenchmark}). */
@Command(
    name = "store",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    header = "Measure appends per second and latency of the event store, against a naive and a ceiling baseline.",
    description = {
      "",
      "W writers (virtual threads) append 1-5 events of 200-byte JSON to random streams among",
      "10,000 across 10 tenants, each with the exact expected version it believes; a conflict reloads",
      "the stream's version, retries and is counted. Durable as in production (PostgreSQL",
      "synchronous_commit=on; SQLite WAL with synchronous=FULL). Three phases on one database:",
      "  group commit  the store as configured for production",
      "  naive         the same writers and checks, each append its own transaction",
      "  ceiling       one connection inserting raw 1,000-row batches, no checks",
      "After each phase the events in the database are counted and compared with those acknowledged.",
      "Progress goes to stderr once a second; the result to stdout. Exit code 1 if the counts differ.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  solstice bench store --backend sqlite --seconds 5",
      "  solstice bench store --backend postgres --pg-url 'jdbc:postgresql://127.0.0.1:5432/bench?user=postgres' --json",
      "  SOLSTICE_PG_URL=jdbc:postgresql://127.0.0.1:5432/bench?user=postgres solstice bench store --backend postgres --writers 16"
    })
public final class StoreBenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--backend", paramLabel = "BACKEND", defaultValue = "sqlite",
      description = "Store to measure: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Backend backend;

  @Option(names = "--writers", paramLabel = "W", defaultValue = "64",
      description = "Concurrent writers in the group-commit and naive phases (default: ${DEFAULT-VALUE}).")
  int writers;

  @Option(names = "--seconds", paramLabel = "N", defaultValue = "10",
      description = "Seconds each phase writes (default: ${DEFAULT-VALUE}); the run takes about 3 N.")
  int seconds;

  @Option(names = "--event-ids", paramLabel = "KIND", defaultValue = "TIME_ORDERED",
      description = "Event ids the writers make: TIME_ORDERED (UUID v7, as the application) or RANDOM (v4, as before; to compare) (default: ${DEFAULT-VALUE}).")
  StoreBenchSettings.EventIdKind eventIds;

  @Option(names = "--json", description = "Print one JSON object on one stdout line instead of a table (progress stays on stderr).")
  boolean json;

  @Option(names = "--pg-url", paramLabel = "JDBC_URL",
      description = "PostgreSQL JDBC URL for --backend postgres (env SOLSTICE_PG_URL). The run uses a fresh schema bench_<time>, dropped afterwards.")
  String pgUrl;

  @Option(names = "--data", paramLabel = "DIR",
      description = "For --backend sqlite: the directory of the fresh database file (default: a temporary directory).")
  Path data;

  @Option(names = "--keep", description = "Keep the database file or schema after the run, to inspect it.")
  boolean keep;

  @Option(names = "--quiet", description = "No progress lines on stderr.")
  boolean quiet;

  @Override
  public Integer call() {
    StoreBenchSettings settings;
    try {
      settings = new StoreBenchSettings(backend.name(), writers, Duration.ofSeconds(seconds), eventIds);
    } catch (IllegalArgumentException e) {
      throw new CommandFailedException(e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (BenchDatabase database = openDatabase()) {
      if (!quiet) {
        err.println("bench store: " + database.description() + ", " + writers + " writers, " + seconds + " s per phase");
        err.flush();
      }
      StoreBenchReport report = new StoreBenchmark(database, settings, quiet ? null : err).run();
      out.println(json ? report.toJson() : report.toTable());
      out.flush();
      return report.rowsVerified() ? 0 : 1;
    }
  }

  private BenchDatabase openDatabase() {
    return switch (backend) {
      case sqlite -> SqlBenchDatabase.sqlite(data, keep);
      case postgres -> {
        if (pgUrl == null || pgUrl.isBlank()) {
          throw new CommandFailedException(
              "--backend postgres needs a JDBC URL: pass --pg-url jdbc:postgresql://HOST:5432/DB?user=USER or set SOLSTICE_PG_URL");
        }
        yield SqlBenchDatabase.postgres(pgUrl, keep);
      }
    };
  }
}
