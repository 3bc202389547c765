package io.solstice.core.store.contract;

import io.solstice.core.memory.MemoryStore;
import io.solstice.core.store.EventStore;

/** The store contract on the in-memory store. */
class MemoryStoreContractTest extends EventStoreContract {
  @Override
  protected EventStore newStore() {
    return new MemoryStore();
  }
}
