package io.solstice.core;

import org.jspecify.annotations.Nullable;

/**
 * Metadata carried with every event: correlation and causation ids, W3C trace context and the
 * producing service. Every field may be null.
 *
 * @param correlationId groups every event of one business transaction (e.g. a checkout)
 * @param causationId the id of the event (or request) that caused this one; a reaction sets it so
 *     a replay can be detected
 * @param traceparent the W3C {@code traceparent} header of the span that wrote the event
 * @param producer the service (or component) that wrote the event, e.g. {@code fraud}
 */
public record EventMetadata(@Nullable String correlationId, @Nullable String causationId, @Nullable String traceparent,
    @Nullable String producer) {

  /** Metadata with every field empty. */
  public static final EventMetadata EMPTY = new EventMetadata(null, null, null, null);

  public EventMetadata withCausation(@Nullable String causationId) {
    return new EventMetadata(correlationId, causationId, traceparent, producer);
  }

  public EventMetadata withCorrelation(@Nullable String correlationId) {
    return new EventMetadata(correlationId, causationId, traceparent, producer);
  }

  public EventMetadata withTraceparent(@Nullable String traceparent) {
    return new EventMetadata(correlationId, causationId, traceparent, producer);
  }

  public EventMetadata withProducer(String producer) {
    return new EventMetadata(correlationId, causationId, traceparent, producer);
  }
}
