package io.solstice.pipeline;

import io.solstice.core.RecordedEvent;
import io.solstice.core.store.DeadLetter;
import java.time.Instant;

/**
 * One input on its way through a service: the event, its decoded input (or the decoding error),
 * where it came from (its partition and page, for the checkpoint; none for a replayed dead letter),
 * and its failed attempts so far.
 */
final class Item<I> {
  final RecordedEvent event;
  final I input;
  final Exception decodeError;
  final StreamScheduler.PartitionState partition;
  final DeadLetter replayOf;
  CheckpointTracker.Page page;
  int failures;
  Instant failingSince;
  boolean stuck;

  private Item(RecordedEvent event, I input, Exception decodeError, StreamScheduler.PartitionState partition, DeadLetter replayOf) {
    this.event = event;
    this.input = input;
    this.decodeError = decodeError;
    this.partition = partition;
    this.replayOf = replayOf;
  }

  /** A decoded input from a partition. */
  static <I> Item<I> of(RecordedEvent event, I input, StreamScheduler.PartitionState partition) {
    return new Item<>(event, input, null, partition, null);
  }

  /** An event whose decoding failed: handling it fails with {@code error}, so it is retried and parked like any failure. */
  static <I> Item<I> undecodable(RecordedEvent event, Exception error, StreamScheduler.PartitionState partition) {
    return new Item<>(event, null, error, partition, null);
  }

  /** A copy of {@code item} that replays {@code letter} (not tied to any partition). */
  static <I> Item<I> replay(Item<I> item, DeadLetter letter) {
    return new Item<>(item.event, item.input, item.decodeError, null, letter);
  }
}
