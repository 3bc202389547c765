package io.solstice.core.store.contract;

import io.solstice.core.memory.MemoryDeadLetterStore;
import io.solstice.core.store.DeadLetterStore;

/** The dead-letter contract on the in-memory dead-letter store. */
class MemoryDeadLetterStoreContractTest extends DeadLetterStoreContract {
  @Override
  protected DeadLetterStore deadLetters() {
    return new MemoryDeadLetterStore();
  }
}
