package io.solstice.pipeline;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a source's reader sees of a {@link ServiceRunner}: the service's name, its stored
 * checkpoints, and the hand-back of partitions (a Kafka rebalance): pending inputs of released
 * partitions are dropped, inputs in flight are waited for up to a time-out, and what completed
 * contiguously is returned for the source to commit.
 */
final class RunnerSourceContext<I> implements Source.Context {
  private static final Logger log = LoggerFactory.getLogger(ServiceRunner.class);

  private final RunnerCore<I> core;
  private final ToLongFunction<SourcePartition> checkpoints;

  RunnerSourceContext(RunnerCore<I> core, ToLongFunction<SourcePartition> checkpoints) {
    this.core = core;
    this.checkpoints = checkpoints;
  }

  @Override
  public String service() {
    return core.name;
  }

  @Override
  public long checkpoint(SourcePartition partition) {
    return checkpoints.applyAsLong(partition);
  }

  @Override
  public Map<SourcePartition, Long> release(Collection<SourcePartition> partitions, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    StreamScheduler<I> scheduler = core.scheduler;
    core.lock.lock();
    try {
      scheduler.dropPending(partitions);
      while (scheduler.inFlight(partitions) > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          log.warn("service {}: {} input(s) of {} still in flight after {}; committing what is done", core.name,
              scheduler.inFlight(partitions), partitions, timeout);
          break;
        }
        core.spansDone.awaitNanos(left);
      }
      Map<SourcePartition, Long> done = new LinkedHashMap<>();
      for (SourcePartition p : partitions) {
        StreamScheduler.PartitionState s = scheduler.existing(p);
        if (s != null && s.tracker.checkpoint() != Long.MIN_VALUE) {
          done.put(p, s.tracker.checkpoint());
        }
      }
      scheduler.remove(partitions);
      return done;
    } finally {
      core.lock.unlock();
    }
  }

  @Override
  public void drop(Collection<SourcePartition> partitions) {
    core.lock.lock();
    try {
      core.scheduler.remove(partitions);
    } finally {
      core.lock.unlock();
    }
  }
}
