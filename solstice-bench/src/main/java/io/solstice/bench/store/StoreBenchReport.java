package io.solstice.bench.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The result of a store benchmark run: the three phases side by side, the ratios between them and
 * the settings, as a table for people ({@link #toTable()}) or one JSON object ({@link #toJson()}).
 */
public record StoreBenchReport(
    StoreBenchSettings settings, String database, PhaseResult groupCommit, PhaseResult naive, PhaseResult ceiling) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** True when the database held exactly the acknowledged events after every phase. */
  public boolean rowsVerified() {
    return groupCommit.rowsVerified() && naive.rowsVerified() && ceiling.rowsVerified();
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
    json.put("backend", settings.backend());
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
    out.append(String.format(Locale.ROOT, "Store benchmark: %s, %d writers, %d s per phase, %d cores, Java %s%n",
        database, settings.writers(), settings.phaseDuration().toSeconds(), Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version")));
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
