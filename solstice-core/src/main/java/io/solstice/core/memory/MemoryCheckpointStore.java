package io.solstice.core.memory;

import io.solstice.core.store.CheckpointKey;
import io.solstice.core.store.CheckpointStore;
import io.solstice.core.store.Lease;
import io.solstice.core.store.LeaseLostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory {@link CheckpointStore} for tests and the embedded demo: checkpoints live as long as
 * the object. Thread-safe; {@link #saveAll} is atomic with respect to {@link #list} only per key.
 */
public final class MemoryCheckpointStore implements CheckpointStore {

  private static final Comparator<CheckpointKey> ORDER =
      Comparator.comparing(CheckpointKey::service).thenComparing(CheckpointKey::tenant).thenComparing(CheckpointKey::partition);

  private final ConcurrentSkipListMap<CheckpointKey, Long> positions = new ConcurrentSkipListMap<>(ORDER);
  private final @Nullable MemoryLeaseStore leases;

  /** A store whose fenced writes are never refused (no leases). */
  public MemoryCheckpointStore() {
    this(null);
  }

  /** A store whose fenced writes ({@link #saveAll(Map, Lease)}) check {@code leases}. */
  public MemoryCheckpointStore(@Nullable MemoryLeaseStore leases) {
    this.leases = leases;
  }

  @Override
  public synchronized void saveAll(Map<CheckpointKey, Long> positions, Lease lease) {
    if (leases != null && !leases.holds(lease)) {
      throw new LeaseLostException(lease, "storing checkpoints " + positions.keySet());
    }
    positions.forEach((k, v) -> this.positions.merge(k, v, Math::max));
  }

  @Override
  public long load(CheckpointKey key) {
    return positions.getOrDefault(key, 0L);
  }

  @Override
  public void save(CheckpointKey key, long position) {
    if (position < 0) {
      throw new IllegalArgumentException("checkpoint " + key + " must be >= 0, was " + position);
    }
    positions.put(key, position);
  }

  @Override
  public List<Map.Entry<CheckpointKey, Long>> list(String service) {
    List<Map.Entry<CheckpointKey, Long>> result = new ArrayList<>();
    positions.forEach((k, v) -> {
      if (service == null || service.equals(k.service())) {
        result.add(Map.entry(k, v));
      }
    });
    return result;
  }

  @Override
  public void reset(String service) {
    positions.keySet().removeIf(k -> k.service().equals(service));
  }
}
