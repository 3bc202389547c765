package io.solstice.bench.checkout;

import io.solstice.app.traffic.ApiClient;
import java.util.HashMap;
import java.util.Map;

/**
 * A scrape of the server's {@code /metrics} (Prometheus text), summed by metric name and one tag,
 * for the figures the benchmark takes as differences between two scrapes: store statements by
 * kind, store commits.
 */
record ServerMetrics(Map<String, Double> values) {

  /**
   * Scrapes {@code /metrics} with the load generator's own client (no second HTTP stack in the
   * measured process); an empty scrape if the server does not answer.
   */
  static ServerMetrics scrape(ApiClient api) {
    try {
      ApiClient.Response r = api.get("/metrics", null);
      return r.status() == 200 ? parse(r.body()) : new ServerMetrics(Map.of());
    } catch (ApiClient.ApiException e) {
      return new ServerMetrics(Map.of());
    }
  }

  /**
   * Sums samples by {@code name}, by {@code name{kind}} (the value of a {@code kind} label) and by
   * {@code name{service=S}} (the value of a {@code service} label).
   */
  static ServerMetrics parse(String text) {
    Map<String, Double> values = new HashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      if (space < 0) {
        continue;
      }
      double value;
      try {
        value = Double.parseDouble(line.substring(space + 1));
      } catch (NumberFormatException e) {
        continue;
      }
      String series = line.substring(0, space);
      int brace = series.indexOf('{');
      String name = brace < 0 ? series : series.substring(0, brace);
      values.merge(name, value, Double::sum);
      int kind = series.indexOf("kind=\"");
      if (kind >= 0) {
        int end = series.indexOf('"', kind + 6);
        values.merge(name + "{" + series.substring(kind + 6, end) + "}", value, Double::sum);
      }
      int service = series.indexOf("service=\"");
      if (service >= 0) {
        int end = series.indexOf('"', service + 9);
        values.merge(name + "{service=" + series.substring(service + 9, end) + "}", value, Double::sum);
      }
    }
    return new ServerMetrics(values);
  }

  /** The values of the {@code service} label seen on {@code name}. */
  java.util.SortedSet<String> services(String name) {
    return labelValues(name + "{service=");
  }

  /** The values of the {@code kind} label seen on {@code name}. */
  java.util.SortedSet<String> kinds(String name) {
    java.util.SortedSet<String> kinds = labelValues(name + "{");
    kinds.removeIf(k -> k.startsWith("service="));
    return kinds;
  }

  /** What stands between {@code prefix} and the closing brace in the keys that start with it. */
  private java.util.SortedSet<String> labelValues(String prefix) {
    java.util.SortedSet<String> found = new java.util.TreeSet<>();
    for (String key : values.keySet()) {
      if (key.startsWith(prefix)) {
        found.add(key.substring(prefix.length(), key.length() - 1));
      }
    }
    return found;
  }

  double get(String key) {
    return values.getOrDefault(key, 0.0);
  }

  /** {@code this - before} for {@code key}. */
  double since(ServerMetrics before, String key) {
    return get(key) - before.get(key);
  }
}
