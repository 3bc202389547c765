package io.solstice.pipeline;

import io.solstice.core.RecordedEvent;
import java.util.List;
import java.util.Objects;

/**
 * Events a source hands to a service from one {@link SourcePartition}, in the partition's order,
 * with the partition offset the delivery ends at: the store's global position of the last event
 * for {@code store:} sources, the last record's offset for a Kafka partition. Across deliveries of
 * one partition, {@code lastOffset} only grows. The service's checkpoint for the partition moves to
 * a delivery's {@code lastOffset} only when every event delivered up to it is completed.
 *
 * @param partition where the events come from
 * @param events the events; empty when every record read was filtered out by the source (the
 *     delivery then only moves the partition's offset)
 * @param lastOffset the partition offset the delivery ends at
 */
public record Delivery(SourcePartition partition, List<RecordedEvent> events, long lastOffset) {

  public Delivery {
    Objects.requireNonNull(partition, "partition");
    events = List.copyOf(events);
  }

  /** A delivery from a store feed: offsets are positions, ascending; the last event's position ends it. */
  public static Delivery ofPositions(SourcePartition partition, List<RecordedEvent> events) {
    if (events.isEmpty()) {
      throw new IllegalArgumentException("a delivery from " + partition + " by positions needs at least one event");
    }
    for (int i = 1; i < events.size(); i++) {
      if (events.get(i).position() <= events.get(i - 1).position()) {
        throw new IllegalArgumentException("delivery from " + partition + " is not in ascending position order at " + events.get(i));
      }
    }
    return new Delivery(partition, events, events.getLast().position());
  }
}
