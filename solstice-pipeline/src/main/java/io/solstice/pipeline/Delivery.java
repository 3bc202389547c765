package io.solstice.pipeline;

import io.solstice.core.RecordedEvent;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Events a source hands to a service from one {@link SourcePartition}. Each event's {@link
 * RecordedEvent#position() position} is its offset within that partition (the store's global
 * position for {@code store:} sources, the record offset for a Kafka partition). A delivery is one
 * of:
 *
 * <ul>
 *   <li>a single message ({@link #single});
 *   <li>an ordered batch: offsets ascending, as read from a feed page ({@link #batch});
 *   <li>an unordered bunch: any order ({@link #bunch}); the service sorts it by offset.
 * </ul>
 *
 * Across deliveries of one partition, offsets must only grow. The service's checkpoint for the
 * partition advances to an offset only when every delivered event up to it is completed.
 */
public record Delivery(SourcePartition partition, List<RecordedEvent> events) {

  public Delivery {
    Objects.requireNonNull(partition, "partition");
    events = List.copyOf(events);
    if (events.isEmpty()) {
      throw new IllegalArgumentException("a delivery from " + partition + " needs at least one event");
    }
    for (int i = 1; i < events.size(); i++) {
      if (events.get(i).position() <= events.get(i - 1).position()) {
        throw new IllegalArgumentException("delivery from " + partition + " is not in ascending offset order at "
            + events.get(i) + "; use Delivery.bunch for unordered input");
      }
    }
  }

  /** One message. */
  public static Delivery single(SourcePartition partition, RecordedEvent event) {
    return new Delivery(partition, List.of(event));
  }

  /** An ordered batch (offsets ascending). */
  public static Delivery batch(SourcePartition partition, List<RecordedEvent> events) {
    return new Delivery(partition, events);
  }

  /** An unordered bunch; sorted here by offset. */
  public static Delivery bunch(SourcePartition partition, List<RecordedEvent> events) {
    return new Delivery(partition, events.stream().sorted(Comparator.comparingLong(RecordedEvent::position)).toList());
  }

  /** The offset of the last event. */
  public long lastOffset() {
    return events.getLast().position();
  }
}
