package io.solstice.core.store.contract;

import io.solstice.core.memory.MemoryCheckpointStore;
import io.solstice.core.memory.MemoryLeaseStore;
import io.solstice.core.store.CheckpointStore;
import io.solstice.core.store.LeaseStore;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** The lease contract on the in-memory stores, with a clock the test moves. */
class MemoryLeaseStoreContractTest extends LeaseStoreContract {
  private final AtomicLong millis = new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
  private final MemoryLeaseStore leases = new MemoryLeaseStore(() -> Instant.ofEpochMilli(millis.get()));

  @Override
  protected LeaseStore leases() {
    return leases;
  }

  @Override
  protected CheckpointStore checkpoints() {
    return new MemoryCheckpointStore(leases);
  }

  @Override
  protected void letShortLeasesExpire() {
    millis.addAndGet(SHORT.toMillis() + 1);
  }
}
