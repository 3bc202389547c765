package io.solstice.pipeline;

import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores a service's advanced checkpoints: every {@code interval} (waiting with the host's {@link
 * Sleeper}) and once more when the service stops.
 *
 * <h2>Algorithm</h2>
 *
 * A round takes, under the runner's lock, the partitions whose tracker's checkpoint moved past what
 * was last stored (so a round costs nothing when nothing moved), releases the lock, writes them in
 * one call of the {@link Writer} (one transaction for the checkpoint store; a Kafka commit for a
 * source that owns its checkpoints), and only on success records them as stored. A failed write
 * is logged in one line and retried next round with whatever has moved by then; since a checkpoint
 * only covers contiguously completed input, a late or lost write means redelivery, never a skip.
 */
final class CheckpointFlusher {
  private static final Logger log = LoggerFactory.getLogger(CheckpointFlusher.class);

  /** Where a round's checkpoints come from and go to. */
  interface Writer {
    /** The checkpoints that moved since last stored (taken under the runner's lock). */
    Map<StreamScheduler.PartitionState, Long> unsaved();

    /** Stores them; throws if they could not be stored. */
    void store(Map<StreamScheduler.PartitionState, Long> checkpoints);

    /** Records them as stored (under the runner's lock). */
    void stored(Map<StreamScheduler.PartitionState, Long> checkpoints);
  }

  private final String service;
  private final Writer writer;
  private final Sleeper sleeper;
  private final Duration interval;

  CheckpointFlusher(String service, Writer writer, Sleeper sleeper, Duration interval) {
    this.service = service;
    this.writer = writer;
    this.sleeper = sleeper;
    this.interval = interval;
  }

  /** Flushes every {@code interval} while {@code running} holds. */
  void loop(BooleanSupplier running) throws InterruptedException {
    while (running.getAsBoolean()) {
      sleeper.sleep(interval);
      flush();
    }
  }

  /** One round: stores every checkpoint that moved; true if all were stored (or none moved). */
  boolean flush() {
    Map<StreamScheduler.PartitionState, Long> changed = writer.unsaved();
    if (changed.isEmpty()) {
      return true;
    }
    try {
      writer.store(changed);
    } catch (RuntimeException e) {
      log.warn("service {}: storing {} checkpoint(s) failed; will retry: {}", service, changed.size(), e.toString());
      return false;
    }
    writer.stored(changed);
    return true;
  }
}
