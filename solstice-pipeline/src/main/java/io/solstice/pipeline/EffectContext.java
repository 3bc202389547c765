package io.solstice.pipeline;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.solstice.core.EventData;
import io.solstice.core.EventMetadata;
import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/**
 * What an {@link Interpreter} knows about the input it is carrying out, and the idempotency helpers
 * that make its effects safe to repeat (delivery is at least once):
 *
 * <ul>
 *   <li>{@link #metadata()}: metadata for events the reaction writes, carrying the input's
 *       correlation id, the input event's id as causation id, the current trace context and the
 *       service as producer;
 *   <li>{@link #eventId(int)}: a deterministic id for the n-th event written for this input, so a
 *       repeated append is recognised by the store as a duplicate and writes nothing;
 *   <li>{@link #idempotencyKey(String)}: a deterministic key for an external call (payment, mail,
 *       webhook), the same on every redelivery of the input.
 * </ul>
 */
public final class EffectContext {

  private final String service;
  private final RecordedEvent event;
  private final int attempt;
  private final String traceparent;
  private final boolean replay;
  private final ServiceTracing tracing;

  EffectContext(String service, RecordedEvent event, int attempt, String traceparent, boolean replay, ServiceTracing tracing) {
    this.service = Objects.requireNonNull(service);
    this.event = Objects.requireNonNull(event);
    this.attempt = attempt;
    this.traceparent = traceparent;
    this.replay = replay;
    this.tracing = Objects.requireNonNull(tracing);
  }

  /** A context for tests of interpreters outside a running service. */
  public static EffectContext forTest(String service, RecordedEvent event) {
    return new EffectContext(service, event, 1, event.metadata().traceparent(), false, ServiceTracing.DISABLED);
  }

  /**
   * Runs {@code work} with the context {@code service} would have for {@code event}, an event this
   * reaction is about to write, had it received it from the feed: first attempt, its own ids and
   * metadata. A reaction that commits the decision of another service of this process together with
   * its own (a fused reaction) decides in it, so that the other service's events carry the ids and
   * metadata they would carry alone. When tracing, {@code work} runs in a span {@code "<service>
   * interpret"} (attribute {@code solstice.fused}), a child of this reaction's interpret span: the
   * trace shows the follow-on's decision where the feed would have put it, and its events carry
   * that span's context.
   */
  public <T> T followOn(String service, RecordedEvent event, Function<EffectContext, T> work) {
    Objects.requireNonNull(work, "work");
    if (!tracing.enabled()) {
      return work.apply(new EffectContext(service, event, 1, traceparent, replay, tracing));
    }
    Span span = tracing.startFollowOn(service, tracing.parent(traceparent), event);
    try {
      return work.apply(new EffectContext(service, event, 1, tracing.traceparent(span, event), replay, tracing));
    } catch (RuntimeException e) {
      span.recordException(e);
      span.setStatus(StatusCode.ERROR);
      throw e;
    } finally {
      span.end();
    }
  }

  /** The service carrying out the effects. */
  public String service() {
    return service;
  }

  /** The input's envelope. */
  public RecordedEvent event() {
    return event;
  }

  /** The input's stream. */
  public StreamName stream() {
    return event.stream();
  }

  /** The input's tenant. */
  public String tenant() {
    return event.stream().tenant();
  }

  /** 1 on the first attempt, then 2, 3, … while retrying. */
  public int attempt() {
    return attempt;
  }

  /** True when this run is an operator's replay of a dead letter. */
  public boolean isReplay() {
    return replay;
  }

  /**
   * Metadata for events this reaction writes: the input's correlation id (or, when it has none, the
   * input event's id), the input event's id as causation id, the trace context of the interpret
   * span, and this service as producer.
   */
  public EventMetadata metadata() {
    String correlation = event.metadata().correlationId();
    return new EventMetadata(correlation != null ? correlation : event.eventId().toString(), event.eventId().toString(),
        traceparent, service);
  }

  /**
   * A deterministic id for the {@code index}-th event (0-based) this reaction writes for this input:
   * the same on every redelivery, so re-appending it is an idempotent duplicate in the store.
   */
  public UUID eventId(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("event index must be >= 0, was " + index);
    }
    return uuid(service + '|' + event.eventId() + '|' + index);
  }

  /** A new event of {@code type} with the deterministic id {@link #eventId(int) eventId(index)} and {@link #metadata()}. */
  public EventData newEvent(int index, String type, byte[] data) {
    return new EventData(eventId(index), type, data, metadata());
  }

  /**
   * A deterministic idempotency key for an external call made for this input, e.g. {@code
   * idempotencyKey("capture")}: the same on every redelivery and replay, different per service,
   * input event and purpose.
   */
  public String idempotencyKey(String purpose) {
    Objects.requireNonNull(purpose, "purpose");
    return uuid(service + '|' + event.eventId() + '|' + purpose).toString();
  }

  private static UUID uuid(String seed) {
    return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8));
  }
}
