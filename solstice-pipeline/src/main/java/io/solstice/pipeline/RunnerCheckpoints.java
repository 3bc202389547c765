package io.solstice.pipeline;

import io.solstice.core.store.CheckpointKey;
import io.solstice.core.store.Lease;
import io.solstice.core.store.LeaseLostException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Where a {@link ServiceRunner}'s {@link CheckpointFlusher} stores checkpoints: in the host's
 * checkpoint store (fenced by the runner's lease when it has one), or through the reader of a
 * source that owns its checkpoints (e.g. Kafka offsets). A write refused because another instance
 * took the lease calls {@code fencedOut} (while running) and fails the flush: a stale instance
 * never moves a checkpoint.
 */
final class RunnerCheckpoints<I> implements CheckpointFlusher.Writer {
  private final RunnerCore<I> core;
  private final HostSettings host;
  private final Lease lease;
  private final Runnable fencedOut;
  private final Predicate<Source.Reader> ownsCheckpoints;

  RunnerCheckpoints(RunnerCore<I> core, HostSettings host, Lease lease, Runnable fencedOut, Predicate<Source.Reader> ownsCheckpoints) {
    this.core = core;
    this.host = host;
    this.lease = lease;
    this.fencedOut = fencedOut;
    this.ownsCheckpoints = ownsCheckpoints;
  }

  @Override
  public Map<StreamScheduler.PartitionState, Long> unsaved() {
    return core.locked(core.scheduler::unsaved);
  }

  @Override
  public void store(Map<StreamScheduler.PartitionState, Long> checkpoints) {
    Map<CheckpointKey, Long> inStore = new LinkedHashMap<>();
    Map<Source.Reader, Map<SourcePartition, Long>> bySource = new HashMap<>();
    checkpoints.forEach((s, cp) -> {
      if (s.source instanceof Source.Reader reader && ownsCheckpoints.test(reader)) {
        bySource.computeIfAbsent(reader, r -> new LinkedHashMap<>()).put(s.partition, cp);
      } else {
        inStore.put(new CheckpointKey(core.name, s.partition.tenantTag(), s.partition.name()), cp);
      }
    });
    if (!inStore.isEmpty()) {
      if (lease == null) {
        host.checkpoints().saveAll(inStore);
      } else {
        try {
          host.checkpoints().saveAll(inStore, lease);
        } catch (LeaseLostException e) {
          if (core.running()) {
            fencedOut.run();
          }
          throw e;
        }
      }
    }
    bySource.forEach(Source.Reader::commit);
  }

  @Override
  public void stored(Map<StreamScheduler.PartitionState, Long> checkpoints) {
    core.lock.lock();
    try {
      checkpoints.forEach(core.scheduler::saved);
    } finally {
      core.lock.unlock();
    }
  }
}
