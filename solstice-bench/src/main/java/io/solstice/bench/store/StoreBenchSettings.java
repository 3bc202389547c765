package io.solstice.bench.store;

import java.time.Duration;

/**
 * The settings of one store benchmark run; each is checked when built.
 *
 * @param backend {@code sqlite} or {@code postgres} (for the report)
 * @param writers concurrent writers in the group-commit and naive phases (1–10,000)
 * @param phaseDuration how long each phase writes (1 s – 1 h)
 * @param eventIds how the writers' event ids are made
 */
public record StoreBenchSettings(String backend, int writers, Duration phaseDuration, EventIdKind eventIds) {

  /** How the benchmark's writers make event ids. */
  public enum EventIdKind {
    /** UUID version 7, as the application makes them ({@code TimeOrderedIds}). */
    TIME_ORDERED,
    /** UUID version 4, as before time-ordered ids: each lands on a random leaf of the id index. */
    RANDOM
  }

  /** Settings with time-ordered event ids, as the application makes them. */
  public StoreBenchSettings(String backend, int writers, Duration phaseDuration) {
    this(backend, writers, phaseDuration, EventIdKind.TIME_ORDERED);
  }

  public StoreBenchSettings {
    if (backend == null || backend.isBlank()) {
      throw new IllegalArgumentException("backend must be sqlite or postgres, was " + backend);
    }
    if (writers < 1 || writers > 10_000) {
      throw new IllegalArgumentException("--writers must be 1-10000, was " + writers);
    }
    if (eventIds == null) {
      throw new IllegalArgumentException("event ids must be time-ordered or random, was null");
    }
    if (phaseDuration == null || phaseDuration.compareTo(Duration.ofSeconds(1)) < 0 || phaseDuration.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("--seconds must be 1-3600, was " + (phaseDuration == null ? null : phaseDuration.toSeconds()));
    }
  }
}
