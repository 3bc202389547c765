package io.solstice.store.sql;

import io.solstice.core.EventData;
import io.solstice.core.EventMetadata;
import io.solstice.core.StreamName;
import io.solstice.core.store.AppendRequest;
import io.solstice.core.store.ExpectedVersion;
import io.solstice.core.store.TenantPlacement;
import io.solstice.testkit.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An ad-hoc throughput measurement (not a test): {@code writers} virtual threads append 1–5 events
 * of 200-byte JSON to random streams among 10,000 across 10 tenants for {@code seconds}, with group
 * commit and naive, then the raw 1,000-row multi-row INSERT ceiling.
 *
 * <p>Run: {@code java -cp <test classpath> io.solstice.store.sql.StoreThroughputMain sqlite|postgres [seconds] [writers]}
 * (PostgreSQL reads {@code SOLSTICE_PG_URL}).
 */
public final class StoreThroughputMain {
  private static final byte[] PAYLOAD = ("{\"sku\":\"SKU-000123\",\"quantity\":3,\"price\":{\"amount\":\"19.99\",\"currency\":\"EUR\"},"
      + "\"customer\":\"c-0042\",\"note\":\"" + "x".repeat(90) + "\"}").getBytes(StandardCharsets.UTF_8);

  public static void main(String[] args) throws Exception {
    String dialect = args.length > 0 ? args[0] : "sqlite";
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int writers = args.length > 2 ? Integer.parseInt(args[2]) : 64;
    System.out.println("payload " + PAYLOAD.length + " bytes, " + writers + " writers, " + seconds + " s per run");
    double group = run(dialect, true, seconds, writers);
    double naive = run(dialect, false, seconds, writers);
    double raw = ceiling(dialect, seconds);
    System.out.printf("%s: group %.0f ev/s, naive %.0f ev/s (x%.1f), raw 1000-row INSERT %.0f ev/s (group = %.2f of raw)%n",
        dialect, group, naive, group / naive, raw, group / raw);
    if (dialect.equals("postgres")) {
      for (String name : new String[] {"group", "naive", "raw"}) {
        PgTestSupport.dropSchema("t_storage_bench_" + name);
      }
    }
  }

  private static SqlStoreConfig config(String dialect, String name) throws Exception {
    if (dialect.equals("postgres")) {
      return SqlStoreConfig.postgres(TestPostgres.url()).withSchema("t_storage_bench_" + name).withPoolSize(16);
    }
    Path dir = Files.createTempDirectory("solstice-bench");
    return SqlStoreConfig.sqlite(dir.resolve("solstice.db"));
  }

  private static SqlEventStore open(String dialect, String name, boolean groupCommit) throws Exception {
    SqlStoreConfig config = config(dialect, name).withGroupCommit(groupCommit);
    if (dialect.equals("postgres")) {
      PgTestSupport.dropSchema(config.schema());
    }
    SqlEventStore store = SqlEventStore.open(config);
    for (int t = 0; t < 10; t++) {
      store.tenants().register("tenant" + t, TenantPlacement.POOLED_STORE);
    }
    return store;
  }

  private static AppendRequest randomRequest() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    int s = r.nextInt(10_000);
    StreamName stream = StreamName.of("tenant" + (s % 10), "Order", "o" + s);
    int n = 1 + r.nextInt(5);
    List<EventData> events = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      events.add(new EventData(UUID.randomUUID(), "ItemAdded", PAYLOAD, EventMetadata.EMPTY));
    }
    return new AppendRequest(stream, ExpectedVersion.ANY, events);
  }

  private static double run(String dialect, boolean groupCommit, int seconds, int writers) throws Exception {
    try (SqlEventStore store = open(dialect, groupCommit ? "group" : "naive", groupCommit)) {
      AtomicLong events = new AtomicLong();
      long[][] latencies = new long[writers][];
      long end = System.nanoTime() + seconds * 1_000_000_000L;
      try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int w = 0; w < writers; w++) {
          int writer = w;
          threads.submit(() -> {
            long[] lat = new long[1 << 16];
            int count = 0;
            while (System.nanoTime() < end) {
              AppendRequest req = randomRequest();
              long t0 = System.nanoTime();
              store.appendAll(List.of(req));
              if (count < lat.length) {
                lat[count++] = System.nanoTime() - t0;
              }
              events.addAndGet(req.events().size());
            }
            latencies[writer] = Arrays.copyOf(lat, count);
            return null;
          });
        }
      }
      long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
      double rate = events.get() / (double) seconds;
      System.out.printf("%s %s: %.0f events/s, %d appends, p50 %.1f ms, p99 %.1f ms, rows %d%n", dialect,
          groupCommit ? "group" : "naive", rate, all.length, all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6,
          store.countEvents());
      return rate;
    }
  }

  private static double ceiling(String dialect, int seconds) throws Exception {
    try (SqlEventStore store = open(dialect, "raw", true)) {
      long events = 0;
      long start = System.nanoTime();
      long end = start + seconds * 1_000_000_000L;
      while (System.nanoTime() < end) {
        List<AppendRequest> batch = new ArrayList<>();
        int rows = 0;
        while (rows < 1000) {
          AppendRequest r = randomRequest();
          if (rows + r.events().size() > 1000) {
            break;
          }
          batch.add(r);
          rows += r.events().size();
        }
        store.insertUnchecked(batch);
        events += rows;
      }
      double rate = events / ((System.nanoTime() - start) / 1e9);
      System.out.printf("%s raw: %.0f events/s, rows %d%n", dialect, rate, store.countEvents());
      return rate;
    }
  }
}
