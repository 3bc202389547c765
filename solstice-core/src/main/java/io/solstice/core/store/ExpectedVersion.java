package io.solstice.core.store;

/**
 * What an append expects of its stream, checked atomically with the write (optimistic concurrency).
 * A stream's version is the 0-based version of its last event, or -1 when it has none.
 */
public sealed interface ExpectedVersion {

  /** No check: append whatever the stream holds. */
  ExpectedVersion ANY = new Any();

  /** The stream must have no events. */
  ExpectedVersion NO_STREAM = new NoStream();

  /** The stream's last event must have exactly this version. */
  static ExpectedVersion exactly(long version) {
    return version < 0 ? NO_STREAM : new Exact(version);
  }

  /** The version to expect after reading a stream whose current version is {@code version} (-1 = empty). */
  static ExpectedVersion of(long version) {
    return exactly(version);
  }

  /** True when a stream at {@code actualVersion} (-1 = empty) satisfies this expectation. */
  default boolean matches(long actualVersion) {
    return switch (this) {
      case Any a -> true;
      case NoStream n -> actualVersion < 0;
      case Exact e -> e.version() == actualVersion;
    };
  }

  /** See {@link #ANY}. */
  record Any() implements ExpectedVersion {
    @Override
    public String toString() {
      return "ANY";
    }
  }

  /** See {@link #NO_STREAM}. */
  record NoStream() implements ExpectedVersion {
    @Override
    public String toString() {
      return "NO_STREAM";
    }
  }

  /** See {@link #exactly(long)}. */
  record Exact(long version) implements ExpectedVersion {
    public Exact {
      if (version < 0) {
        throw new IllegalArgumentException("exact expected version must be >= 0, was " + version + "; use NO_STREAM for an empty stream");
      }
    }

    @Override
    public String toString() {
      return Long.toString(version);
    }
  }
}
