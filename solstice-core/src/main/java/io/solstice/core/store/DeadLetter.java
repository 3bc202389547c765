package io.solstice.core.store;

import io.solstice.core.StreamName;
import java.time.Instant;
import java.util.UUID;

/**
 * An input event a service gave up on after its retries, parked so that its stream could move on.
 * Visible in {@code solstice dlq list}; replayable with {@code solstice dlq replay}.
 *
 * @param id the dead letter's id within the store (0 before it is parked)
 * @param service the service that failed to handle the event
 * @param stream the event's stream (its tenant is {@code stream.tenant()})
 * @param version the event's version in its stream
 * @param position the event's global position
 * @param eventId the event's id
 * @param eventType the event's type
 * @param attempts how many times it was tried
 * @param error the last error: exception class and message
 * @param parkedAt when it was parked
 * @param status where it is in its life
 */
public record DeadLetter(
    long id,
    String service,
    StreamName stream,
    long version,
    long position,
    UUID eventId,
    String eventType,
    int attempts,
    String error,
    Instant parkedAt,
    Status status) {

  /** The life of a dead letter. */
  public enum Status {
    /** Parked; waits for an operator. */
    PARKED,
    /** An operator asked for a replay; the service will handle the event again. */
    REPLAY_REQUESTED,
    /** Replayed and handled successfully. */
    RESOLVED
  }

  public DeadLetter withId(long newId) {
    return new DeadLetter(newId, service, stream, version, position, eventId, eventType, attempts, error, parkedAt, status);
  }

  public DeadLetter withStatus(Status newStatus) {
    return new DeadLetter(id, service, stream, version, position, eventId, eventType, attempts, error, parkedAt, newStatus);
  }
}
