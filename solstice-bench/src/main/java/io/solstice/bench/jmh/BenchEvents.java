package io.solstice.bench.jmh;

import java.math.BigDecimal;
import java.time.Instant;

/** A small sample aggregate for the benchmarks: order lines with exact prices. */
final class BenchEvents {
  private BenchEvents() {}

  sealed interface Event {
    record LineAdded(String sku, int quantity, BigDecimal unitPrice, Instant at) implements Event {}

    record LineRemoved(String sku) implements Event {}
  }

  record State(int lines, long quantity, BigDecimal total) {
    static final State INITIAL = new State(0, 0, BigDecimal.ZERO);

    State evolve(Event event) {
      return switch (event) {
        case Event.LineAdded e -> new State(lines + 1, quantity + e.quantity(),
            total.add(e.unitPrice().multiply(BigDecimal.valueOf(e.quantity()))));
        case Event.LineRemoved e -> new State(lines - 1, quantity, total);
      };
    }
  }

  static Event.LineAdded sampleLine(int i) {
    return new Event.LineAdded("sku-" + (i % 97), 1 + i % 5, new BigDecimal("19.99").add(BigDecimal.valueOf(i % 13)),
        Instant.parse("2025-01-01T00:00:00Z").plusSeconds(i));
  }
}
