package io.solstice.core.store;

import java.util.List;
import java.util.Map;

/**
 * Durable checkpoints of services, stored in the store's own database. A checkpoint is the last
 * position (or offset) a service has completed, together with everything before it; services
 * advance it only over contiguously completed input, so a crash replays and never skips.
 */
public interface CheckpointStore {

  /** The stored checkpoint, or 0 when there is none (start of the feed). */
  long load(CheckpointKey key);

  /** Stores {@code position} for {@code key}, replacing the previous value. */
  void save(CheckpointKey key, long position);

  /** Stores several checkpoints in one transaction. */
  default void saveAll(Map<CheckpointKey, Long> positions) {
    positions.forEach(this::save);
  }

  /**
   * Stores several checkpoints in one transaction on behalf of {@code lease}, only if the lease is
   * still held by that grant; checkpoints never move backwards (a lower position than stored is
   * kept as stored).
   *
   * @throws LeaseLostException if another instance took the lease over; nothing was written
   */
  default void saveAll(Map<CheckpointKey, Long> positions, Lease lease) {
    saveAll(positions);
  }

  /** Every checkpoint of {@code service} (every service when null), ordered by key. */
  List<Map.Entry<CheckpointKey, Long>> list(String service);

  /** Deletes every checkpoint of {@code service}, e.g. before rebuilding a projection. */
  void reset(String service);
}
