package io.solstice.core.store;

import io.solstice.core.RecordedEvent;
import java.util.List;

/**
 * Told of every commit this process makes to a store, with the events written, in position order.
 * See {@link EventStore#onCommit}.
 */
@FunctionalInterface
public interface CommitListener {

  /**
   * Called on the store's writer thread after the commit, before readers waiting in {@link
   * EventStore#awaitAppend} wake. Must return quickly (hand the events to another thread) and
   * never throw; {@code events} is not empty and must not be modified.
   */
  void committed(List<RecordedEvent> events);

  /** A registration; {@link #close()} stops the calls. */
  interface Registration extends AutoCloseable {
    @Override
    void close();
  }
}
