package io.solstice.core.store;

import io.solstice.core.StreamName;

/** The outcome of appending to one stream: written, or refused because its version was not the expected one. */
public sealed interface AppendResult {

  /** The stream the result is about. */
  StreamName stream();

  /**
   * The events are stored.
   *
   * @param version the stream's version after the append (the version of its last event)
   * @param firstPosition the global position of the first event of this append
   * @param lastPosition the global position of the last event of this append
   * @param duplicate true when every event id was already stored by an earlier identical append and
   *     nothing was written this time (idempotent retry); versions and positions are then those of
   *     the stored events
   */
  record Written(StreamName stream, long version, long firstPosition, long lastPosition, boolean duplicate)
      implements AppendResult {}

  /**
   * Nothing was written: the stream was not at the expected version.
   *
   * @param expected what the append expected
   * @param actualVersion the stream's version when the append was checked (-1 = empty)
   */
  record Conflict(StreamName stream, ExpectedVersion expected, long actualVersion) implements AppendResult {
    /** A message naming the stream and both versions, and the next step. */
    public String describe() {
      return "append to " + stream + " expected version " + expected + " but stream is at " + actualVersion
          + "; reload the stream and decide again";
    }
  }
}
