package io.solstice.bench.store;

import io.solstice.core.memory.MemoryStore;
import io.solstice.core.store.AppendRequest;
import io.solstice.core.store.EventStore;
import io.solstice.core.store.MultiAppendResult;
import java.util.List;

/**
 * A {@link BenchDatabase} over {@link MemoryStore}, to test the benchmark's harness without a
 * database: each phase gets a fresh store, and {@code lostPerCount} events are hidden from every
 * count (to simulate a store that loses acknowledged writes).
 */
final class MemoryBenchDatabase implements BenchDatabase {

  private final long lostPerCount;
  private int counts;

  MemoryBenchDatabase(long lostPerCount) {
    this.lostPerCount = lostPerCount;
  }

  @Override
  public String description() {
    return "memory";
  }

  @Override
  public EventStore open(boolean groupCommit, int writers) {
    return new MemoryStore();
  }

  @Override
  public long countEvents(EventStore store) {
    counts++;
    boolean afterPhase = counts % 2 == 0;
    return store.headPosition() - (afterPhase ? lostPerCount : 0);
  }

  @Override
  public void insertUnchecked(EventStore store, List<AppendRequest> requests) {
    if (!(store.appendAll(requests) instanceof MultiAppendResult.Committed)) {
      throw new IllegalStateException("ceiling batch conflicted: its streams must be new");
    }
  }

  @Override
  public void close() {}
}
