package io.solstice.core.store.contract;

import io.solstice.core.memory.MemoryCheckpointStore;
import io.solstice.core.store.CheckpointStore;

/** The checkpoint contract on the in-memory checkpoint store. */
class MemoryCheckpointStoreContractTest extends CheckpointStoreContract {
  @Override
  protected CheckpointStore checkpoints() {
    return new MemoryCheckpointStore();
  }
}
