package io.solstice.bench.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The result of a store benchmark run: the three phases side by side, the ratios between them, the
 * targets, the settings and the machine's load, as a table for people ({@link #toTable()}) or one
 * JSON object ({@link #toJson()}).
 *
 * @param loadAvgStart the machine's 1-minute load average when the run started (others' work)
 * @param loadAvgEnd the same when it ended ({@code load_avg_1m}: mostly this run's own minute)
 */
public record StoreBenchReport(
    StoreBenchSettings settings, String database, PhaseResult groupCommit, PhaseResult naive, PhaseResult ceiling,
    double loadAvgStart, double loadAvgEnd) {

  /** Group-commit events/s targeted with 64 writers on SQLite (issue 9). */
  public static final double TARGET_SQLITE_EVENTS_PER_SEC = 30_000;
  /** Group-commit events/s targeted with 64 writers on PostgreSQL (issue 9). */
  public static final double TARGET_POSTGRES_EVENTS_PER_SEC = 40_000;
  /** Where the database's own ceiling in the same run is lower: this share of it. */
  public static final double TARGET_SHARE_OF_CEILING = 0.8;
  /** Group-commit append latency p99 targeted, in milliseconds. */
  public static final double TARGET_P99_MS = 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** True when the database held exactly the acknowledged events after every phase. */
  public boolean rowsVerified() {
    return groupCommit.rowsVerified() && naive.rowsVerified() && ceiling.rowsVerified();
  }

  /**
   * The events/s this run had to reach: the backend's target, or 0.8 × the ceiling measured in the
   * same run where that is lower (the database itself cannot take more here).
   */
  public double targetEventsPerSecond() {
    double absolute = "postgres".equals(settings.backend()) ? TARGET_POSTGRES_EVENTS_PER_SEC : TARGET_SQLITE_EVENTS_PER_SEC;
    return Math.min(absolute, TARGET_SHARE_OF_CEILING * ceiling.eventsPerSecond());
  }

  /** True when group commit reached {@link #targetEventsPerSecond()} with p99 ≤ 20 ms and every row verified. */
  public boolean targetMet() {
    return groupCommit.eventsPerSecond() >= targetEventsPerSecond() && groupCommit.latencyMillis(99) <= TARGET_P99_MS
        && rowsVerified();
  }

  /** Group-commit events/s divided by naive events/s. */
  public double vsNaive() {
    return ratio(groupCommit.eventsPerSecond(), naive.eventsPerSecond());
  }

  /** Group-commit events/s divided by ceiling events/s. */
  public double vsCeiling() {
    return ratio(groupCommit.eventsPerSecond(), ceiling.eventsPerSecond());
  }

  /** Every figure as an ordered map with snake_case keys (what {@link #toJson()} writes). */
  public Map<String, Object> toMap() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("benchmark", "store");
    json.put("events_per_sec", round(groupCommit.eventsPerSecond(), 1));
    json.put("appends_per_sec", round(groupCommit.appendsPerSecond(), 1));
    json.put("p50_ms", round(groupCommit.latencyMillis(50), 3));
    json.put("p99_ms", round(groupCommit.latencyMillis(99), 3));
    json.put("p999_ms", round(groupCommit.latencyMillis(99.9), 3));
    json.put("max_ms", round(groupCommit.latency().max() / 1e6, 3));
    json.put("conflicts", groupCommit.conflicts());
    json.put("naive_events_per_sec", round(naive.eventsPerSecond(), 1));
    json.put("naive_appends_per_sec", round(naive.appendsPerSecond(), 1));
    json.put("naive_p50_ms", round(naive.latencyMillis(50), 3));
    json.put("naive_p99_ms", round(naive.latencyMillis(99), 3));
    json.put("naive_conflicts", naive.conflicts());
    json.put("ceiling_events_per_sec", round(ceiling.eventsPerSecond(), 1));
    json.put("vs_naive", round(vsNaive(), 3));
    json.put("vs_ceiling", round(vsCeiling(), 3));
    json.put("rows_verified", rowsVerified());
    json.put("target_events_per_sec", round(targetEventsPerSecond(), 1));
    json.put("target_p99_ms", TARGET_P99_MS);
    json.put("target_met", targetMet());
    json.put("load_avg_1m", loadAvgEnd);
    json.put("load_avg_1m_start", loadAvgStart);
    json.put("backend", settings.backend());
    json.put("event_ids", settings.eventIds().name().toLowerCase(Locale.ROOT));
    json.put("database", database);
    json.put("writers", settings.writers());
    json.put("seconds", settings.phaseDuration().toSeconds());
    json.put("tenants", BenchWorkload.TENANTS);
    json.put("streams", BenchWorkload.STREAMS);
    json.put("payload_bytes", BenchWorkload.PAYLOAD_BYTES);
    json.put("cores", Runtime.getRuntime().availableProcessors());
    json.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
    List<Map<String, Object>> phases = new ArrayList<>();
    for (PhaseResult phase : List.of(groupCommit, naive, ceiling)) {
      phases.add(phaseMap(phase));
    }
    json.put("phases", phases);
    return json;
  }

  /** One JSON object on one line. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(toMap());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the benchmark report as JSON", e);
    }
  }

  /** A table of the phases, the ratios and the settings, for a terminal. */
  public String toTable() {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "Store benchmark: %s, %d writers, %d s per phase, %s event ids, %d cores, Java %s, load %.2f -> %.2f%n",
        database, settings.writers(), settings.phaseDuration().toSeconds(), settings.eventIds().name().toLowerCase(Locale.ROOT),
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), loadAvgStart, loadAvgEnd));
    out.append(String.format(Locale.ROOT, "%n%-13s %12s %11s %9s %9s %10s  %s%n",
        "phase", "events/s", "appends/s", "p50 ms", "p99 ms", "conflicts", "rows verified"));
    for (PhaseResult phase : List.of(groupCommit, naive, ceiling)) {
      boolean latency = phase.latency().count() > 0;
      out.append(String.format(Locale.ROOT, "%-13s %,12.0f %,11.0f %9s %9s %,10d  %s%n",
          phase.name(), phase.eventsPerSecond(), phase.appendsPerSecond(),
          latency ? String.format(Locale.ROOT, "%.2f", phase.latencyMillis(50)) : "-",
          latency ? String.format(Locale.ROOT, "%.2f", phase.latencyMillis(99)) : "-",
          phase.conflicts(),
          (phase.rowsVerified() ? "yes" : "NO") + String.format(Locale.ROOT, " (%,d acknowledged, %,d counted)", phase.events(), phase.rowsCounted())));
    }
    out.append(String.format(Locale.ROOT, "%ngroup commit = %.2f x naive, %.0f%% of ceiling%n", vsNaive(), vsCeiling() * 100));
    out.append(String.format(Locale.ROOT, "target: >= %,.0f events/s (min of the backend's target and 0.8 x ceiling), p99 <= %.0f ms: %s%n",
        targetEventsPerSecond(), TARGET_P99_MS, targetMet() ? "met" : "NOT met"));
    if (!rowsVerified()) {
      out.append("WARNING: the database does not hold exactly the acknowledged events; the store lost or invented writes.\n");
    }
    return out.toString();
  }

  private static Map<String, Object> phaseMap(PhaseResult phase) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("name", phase.name());
    map.put("seconds", round(phase.elapsed().toNanos() / 1e9, 3));
    map.put("events", phase.events());
    map.put("appends", phase.appends());
    map.put("events_per_sec", round(phase.eventsPerSecond(), 1));
    map.put("appends_per_sec", round(phase.appendsPerSecond(), 1));
    map.put("p50_ms", round(phase.latencyMillis(50), 3));
    map.put("p99_ms", round(phase.latencyMillis(99), 3));
    map.put("conflicts", phase.conflicts());
    map.put("rows_counted", phase.rowsCounted());
    map.put("rows_verified", phase.rowsVerified());
    return map;
  }

  private static double ratio(double a, double b) {
    return b <= 0 ? 0 : a / b;
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
