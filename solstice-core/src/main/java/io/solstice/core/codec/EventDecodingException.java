package io.solstice.core.codec;

import io.solstice.core.SolsticeException;

/**
 * Stored data of a <em>known</em> event type could not be decoded (malformed JSON, or a shape no
 * upcaster handles). This is corruption or a missing upcaster, so it is raised rather than skipped:
 * folding a state without one of its events would silently make decisions on a wrong state. The
 * message names the stream, version and type when they are known; the fix is an upcaster for that
 * shape (or repairing the data). Unknown types, by contrast, are skipped and counted.
 */
public final class EventDecodingException extends SolsticeException {
  private final String type;

  public EventDecodingException(String where, String type, Throwable cause) {
    super("cannot decode " + where + " of type " + type + ": " + cause.getMessage()
        + "; register an upcaster for this shape (JsonCodec.builder(...).upcast(\"" + type + "\", ...)) or repair the event", cause);
    this.type = type;
  }

  /** The event type that failed. */
  public String type() {
    return type;
  }
}
