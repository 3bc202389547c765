package io.solstice.core.store;

import io.solstice.core.StreamName;
import java.util.Arrays;

/**
 * A folded state of a stream up to and including {@code version}, stored so that a long stream is
 * loaded as snapshot + tail. A snapshot is only an optimisation: it can be dropped at any time and
 * is ignored when its {@code schema} is not the one the reader asks for (the state's shape changed).
 *
 * @param stream the stream
 * @param version the version of the last event folded into it
 * @param schema the version of the state's serialized shape; readers ask for the one they understand
 * @param data the serialized state (JSON bytes)
 */
public record Snapshot(StreamName stream, long version, int schema, byte[] data) {

  @Override
  public boolean equals(Object o) {
    return o instanceof Snapshot s && stream.equals(s.stream) && version == s.version && schema == s.schema && Arrays.equals(data, s.data);
  }

  @Override
  public int hashCode() {
    return stream.hashCode() * 31 + Long.hashCode(version);
  }

  @Override
  public String toString() {
    return "Snapshot[" + stream + "@" + version + " schema " + schema + ", " + data.length + " bytes]";
  }
}
