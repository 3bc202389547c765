package io.solstice.commerce.readmodel;

import io.solstice.commerce.catalog.Product;
import io.solstice.commerce.inventory.Stock;
import io.solstice.commerce.order.Order;
import io.solstice.core.RecordedEvent;

/**
 * One event of a projected category, decoded: the projections' input. Every event of the
 * categories is an input, even one of a type this version does not know ({@link Unknown}), so the
 * projection's progress passes every position of its partitions.
 */
sealed interface Change {

  RecordedEvent envelope();

  default String tenant() {
    return envelope().stream().tenant();
  }

  default String category() {
    return envelope().stream().category();
  }

  default long position() {
    return envelope().position();
  }

  record ProductChange(RecordedEvent envelope, Product.Event event) implements Change {}

  record StockChange(RecordedEvent envelope, Stock.Event event) implements Change {}

  record OrderChange(RecordedEvent envelope, Order.Event event) implements Change {}

  /** A type this version's codec does not know: nothing to apply, progress still moves past it. */
  record Unknown(RecordedEvent envelope) implements Change {}

  /** A known type whose data could not be decoded: applying it fails (retried; the partition halts on it). */
  record Unreadable(RecordedEvent envelope, RuntimeException error) implements Change {}
}
