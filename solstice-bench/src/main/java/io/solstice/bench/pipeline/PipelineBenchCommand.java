package io.solstice.bench.pipeline;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.solstice.app.cli.CommandFailedException;
import io.solstice.bench.Machine;
import io.solstice.bench.store.LatencyHistogram;
import io.solstice.core.EventData;
import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import io.solstice.core.store.AppendRequest;
import io.solstice.core.store.ExpectedVersion;
import io.solstice.core.store.TenantPlacement;
import io.solstice.pipeline.Service;
import io.solstice.bench.store.RawEventInserter;
import io.solstice.pipeline.ServiceHost;
import io.solstice.store.sql.SqlEventStore;
import io.solstice.store.sql.SqlStoreConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code solstice bench pipeline}: throughput and latency of a service over the SQLite store.
 *
 * <p>Run: {@code bin/solstice bench pipeline [--json]}.
 */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    header = "Measure a service's events/s from a cold start and its append -> handled latency at a steady rate.",
    description = {
      "",
      "Loads E events (200-byte JSON) across S streams and T tenants into a fresh SQLite store, then",
      "starts a service whose decode reads the event type and whose handle and interpret do nothing",
      "(metrics on, tracing off) and times how long it takes to handle them all (cold start). Then,",
      "with the service running, R events/s are appended by 100 writers for N seconds and the time",
      "from each append call to its handling is recorded (p50, p99, max), and separately the time",
      "from the call to its commit (append_p50_ms, append_p99_ms); the difference is feed -> handled.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {"  solstice bench pipeline", "  solstice bench pipeline --events 200000 --json"})
public final class PipelineBenchCommand implements Callable<Integer> {

  private static final int PAYLOAD_BYTES = 200;
  /** Cold-start events/s targeted (issue 9). */
  static final int TARGET_EVENTS_PER_SEC = 200_000;
  /** Append → handled p99 targeted, in milliseconds (issue 9). */
  static final int TARGET_P99_MS = 20;

  @Spec CommandSpec spec;

  @Option(names = "--events", paramLabel = "E", defaultValue = "1000000", description = "Events loaded before the cold start (default: ${DEFAULT-VALUE}).")
  int events;

  @Option(names = "--streams", paramLabel = "S", defaultValue = "10000", description = "Streams (default: ${DEFAULT-VALUE}).")
  int streams;

  @Option(names = "--tenants", paramLabel = "T", defaultValue = "10", description = "Tenants (default: ${DEFAULT-VALUE}).")
  int tenants;

  @Option(names = "--rate", paramLabel = "R", defaultValue = "10000", description = "Events/s appended in the steady phase (default: ${DEFAULT-VALUE}).")
  int rate;

  @Option(names = "--seconds", paramLabel = "N", defaultValue = "10", description = "Seconds of the steady phase (default: ${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--data", paramLabel = "DIR", description = "Directory of the fresh database file (default: a temporary directory).")
  Path data;

  @Option(names = "--keep", description = "Keep the database file after the run.")
  boolean keep;

  @Option(names = "--json", description = "Print one JSON object on stdout instead of a table.")
  boolean json;

  @Option(names = "--quiet", description = "No progress lines on stderr.")
  boolean quiet;

  private final AtomicLong handled = new AtomicLong();
  private final ReentrantLock latencyLock = new ReentrantLock();
  private final LatencyHistogram latency = new LatencyHistogram();
  private final LatencyHistogram appendLatency = new LatencyHistogram(); // call -> committed, guarded by latencyLock
  private double steadySeconds;

  @Override
  public Integer call() throws Exception {
    if (events < 1 || streams < 1 || tenants < 1 || tenants > streams || rate < 1 || seconds < 1) {
      throw new CommandFailedException("need --events, --streams, --tenants, --rate and --seconds of at least 1, and no more tenants than streams");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    double loadAtStart = Machine.loadAverage1m();
    Path dir = data != null ? data : Files.createTempDirectory("solstice-bench-pipeline");
    Path file = dir.resolve("bench-pipeline-" + System.currentTimeMillis() + ".db");
    try (SqlEventStore store = SqlEventStore.open(SqlStoreConfig.sqlite(file))) {
      List<StreamName> names = new ArrayList<>(streams);
      for (int t = 0; t < tenants; t++) {
        store.tenants().register("tenant" + t, TenantPlacement.POOLED_STORE);
      }
      for (int s = 0; s < streams; s++) {
        names.add(StreamName.of("tenant" + (s % tenants), "Bench", "s" + s));
      }
      progress(err, "loading " + events + " events across " + streams + " streams and " + tenants + " tenants into " + file);
      long loadStart = System.nanoTime();
      load(store, names);
      double loadSeconds = (System.nanoTime() - loadStart) / 1e9;

      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      Service<String, String> service = Service.named("bench").consume("store:Bench")
          .decode(e -> Optional.of(e.type()))
          .handle(type -> type)
          .interpret((type, ctx) -> {
            if (type.equals("Ticked")) {
              record(ctx.event());
            }
            handled.incrementAndGet();
          })
          .build();
      ServiceHost host = ServiceHost.builder(store).checkpoints(store.checkpoints()).deadLetters(store.deadLetters())
          .meterRegistry(registry).openTelemetry(OpenTelemetry.noop()).service(service).build();
      progress(err, "cold start: handling " + events + " events");
      long coldStart = System.nanoTime();
      host.start();
      long lastReport = coldStart;
      while (handled.get() < events) {
        Thread.sleep(5);
        if (System.nanoTime() - lastReport > 1_000_000_000L) {
          lastReport = System.nanoTime();
          progress(err, "  handled " + handled.get());
        }
      }
      double coldSeconds = (System.nanoTime() - coldStart) / 1e9;
      double eventsPerSec = events / coldSeconds;
      progress(err, String.format(Locale.ROOT, "cold start: %.0f events/s; steady phase: %d events/s for %d s", eventsPerSec, rate, seconds));

      long appended = steady(store, names);
      long target = events + appended;
      long drainDeadline = System.nanoTime() + 30_000_000_000L;
      while (handled.get() < target && System.nanoTime() < drainDeadline) {
        Thread.sleep(5);
      }
      host.stop(Duration.ofSeconds(10));
      double p50 = latency.percentile(50) / 1e6;
      double p99 = latency.percentile(99) / 1e6;
      double max = latency.max() / 1e6;
      double steadyRate = appended / steadySeconds;
      double appendP50 = appendLatency.percentile(50) / 1e6;
      double appendP99 = appendLatency.percentile(99) / 1e6;
      if (json) {
        out.println(String.format(Locale.ROOT,
            "{\"benchmark\":\"pipeline\",\"backend\":\"sqlite\",\"events\":%d,\"streams\":%d,\"tenants\":%d,\"load_seconds\":%.2f,"
                + "\"cold_seconds\":%.3f,\"events_per_sec\":%.0f,\"steady_target_per_sec\":%d,\"steady_appended_per_sec\":%.0f,"
                + "\"latency_samples\":%d,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f,\"append_p50_ms\":%.3f,"
                + "\"append_p99_ms\":%.3f,\"metrics\":true,\"tracing\":\"off\",\"target_events_per_sec\":%d,\"target_p99_ms\":%d,"
                + "\"target_met\":%b,\"load_avg_1m\":%.2f,\"load_avg_1m_start\":%.2f}",
            events, streams, tenants, loadSeconds, coldSeconds, eventsPerSec, rate, steadyRate, latency.count(), p50, p99, max,
            appendP50, appendP99, TARGET_EVENTS_PER_SEC, TARGET_P99_MS, eventsPerSec >= TARGET_EVENTS_PER_SEC && p99 <= TARGET_P99_MS,
            Machine.loadAverage1m(), loadAtStart));
      } else {
        out.println(String.format(Locale.ROOT, "pipeline benchmark (SQLite, %d events, %d streams, %d tenants; metrics on, tracing off)",
            events, streams, tenants));
        out.println(String.format(Locale.ROOT, "  load                  %10.2f s", loadSeconds));
        out.println(String.format(Locale.ROOT, "  cold start            %10.0f events/s  (%.2f s)", eventsPerSec, coldSeconds));
        out.println(String.format(Locale.ROOT, "  steady append rate    %10.0f events/s  (target %d)", steadyRate, rate));
        out.println(String.format(Locale.ROOT, "  append -> handled p50 %10.3f ms", p50));
        out.println(String.format(Locale.ROOT, "  append -> handled p99 %10.3f ms", p99));
        out.println(String.format(Locale.ROOT, "  append -> handled max %10.3f ms  (%d samples)", max, latency.count()));
        out.println(String.format(Locale.ROOT, "  of which append (commit) p50 %.3f ms, p99 %.3f ms", appendP50, appendP99));
        out.println(String.format(Locale.ROOT, "  targets: >= %,d events/s cold, p99 <= %d ms; load average %.2f -> %.2f", TARGET_EVENTS_PER_SEC,
            TARGET_P99_MS, loadAtStart, Machine.loadAverage1m()));
      }
      out.flush();
      return handled.get() >= target ? 0 : 1;
    } finally {
      if (!keep) {
        deleteQuietly(file);
        if (data == null) {
          deleteQuietly(dir);
        }
      }
    }
  }

  private void load(SqlEventStore store, List<StreamName> names) {
    SplittableRandom random = new SplittableRandom(42);
    long[] versions = new long[names.size()];
    java.util.Arrays.fill(versions, -1);
    byte[] payload = payload(0);
    // One transaction per 50,000 rows: each row inserts at random keys of the event_id and stream indexes, so
    // a transaction dirties (and the WAL rewrites) a page per row until most index pages are dirty anyway;
    // 1,000-row transactions rewrote ~8 MB of index pages per 1,000 rows (~7k rows/s at 1M rows).
    int batch = 50_000;
    for (int done = 0; done < events; done += batch) {
      int n = Math.min(batch, events - done);
      // one request per event, cycling through the streams from a random offset (stride 7)
      List<AppendRequest> requests = new ArrayList<>(n);
      int start = random.nextInt(names.size());
      for (int i = 0; i < n; i++) {
        int s = (start + i * 7) % names.size();
        requests.add(new AppendRequest(names.get(s), ExpectedVersion.exactly(versions[s]),
            List.of(EventData.of("Loaded", payload))));
        versions[s]++;
      }
      RawEventInserter.insert(store, requests);
    }
  }

  private long steady(SqlEventStore store, List<StreamName> names) throws InterruptedException {
    int writers = 100;
    long intervalNanos = 1_000_000_000L * writers / rate;
    long start = System.nanoTime() + 50_000_000L;
    long end = start + seconds * 1_000_000_000L;
    AtomicLong appended = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int writer = w;
      threads.add(Thread.ofVirtual().start(() -> {
        SplittableRandom random = new SplittableRandom(writer);
        long next = start + intervalNanos * writer / writers;
        try {
          while (next < end) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
              Thread.sleep(Duration.ofNanos(wait));
            }
            StreamName stream = names.get(random.nextInt(names.size()));
            long sent = System.nanoTime();
            store.append(stream, ExpectedVersion.ANY, List.of(EventData.of("Ticked", payload(sent))));
            long committed = System.nanoTime();
            latencyLock.lock();
            try {
              appendLatency.record(committed - sent);
            } finally {
              latencyLock.unlock();
            }
            appended.incrementAndGet();
            next += intervalNanos;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    // The rate actually appended: writers that fall behind (a saturated store) finish after the nominal end.
    steadySeconds = Math.max(seconds, (System.nanoTime() - start) / 1e9);
    return appended.get();
  }

  /** 200 bytes of JSON whose first field is the append time in nanoseconds, at a fixed offset. */
  private static byte[] payload(long nanos) {
    StringBuilder sb = new StringBuilder(PAYLOAD_BYTES);
    sb.append("{\"t\":").append(String.format(Locale.ROOT, "%020d", nanos)).append(",\"pad\":\"");
    while (sb.length() < PAYLOAD_BYTES - 2) {
      sb.append('x');
    }
    sb.append("\"}");
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private void record(RecordedEvent event) {
    long now = System.nanoTime();
    long sent = Long.parseLong(new String(event.data(), 5, 20, StandardCharsets.US_ASCII));
    latencyLock.lock();
    try {
      latency.record(now - sent);
    } finally {
      latencyLock.unlock();
    }
  }

  private void progress(PrintWriter err, String line) {
    if (!quiet) {
      err.println("bench pipeline: " + line);
      err.flush();
    }
  }

  private static void deleteQuietly(Path path) {
    try (Stream<Path> walk = Files.exists(path) ? Files.walk(path) : Stream.empty()) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      // best effort
    }
    try {
      Files.deleteIfExists(Path.of(path + "-wal"));
      Files.deleteIfExists(Path.of(path + "-shm"));
    } catch (IOException e) {
      // best effort
    }
  }
}
