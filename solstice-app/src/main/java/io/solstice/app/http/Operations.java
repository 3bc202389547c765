package io.solstice.app.http;

import java.util.Map;

/** What the public operations endpoints report: health and metrics of the running process. */
public interface Operations {

  /** A health answer: up or not, with details (store, services). */
  record Check(boolean up, Map<String, Object> details) {}

  /** Liveness: false only when the process should be restarted (a service's thread died). */
  Check live();

  /** Readiness: the store answers and every service runs. */
  Check ready();

  /** The metrics in Prometheus text format. */
  String scrape();

  /** The content type of {@link #scrape()}. */
  default String scrapeContentType() {
    return "text/plain; version=0.0.4; charset=utf-8";
  }
}
