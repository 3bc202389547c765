package io.solstice.pipeline;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.solstice.core.RecordedEvent;
import java.util.List;

/**
 * OpenTelemetry spans for the stages of a service (decode, handle, interpret), each a child of the
 * trace context read from the input event's {@code traceparent} metadata. The interpret span's
 * context is what {@link EffectContext#metadata()} writes into events the reaction appends, so a
 * trace follows the work across services. With {@link OpenTelemetry#noop()} nothing is created.
 */
final class ServiceTracing {

  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
  private static final String TRACEPARENT = "traceparent";

  private static final TextMapGetter<String> GETTER = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(String carrier) {
      return List.of(TRACEPARENT);
    }

    @Override
    public String get(String carrier, String key) {
      return TRACEPARENT.equals(key) ? carrier : null;
    }
  };

  /** Tracing that creates nothing (interpreters' tests). */
  static final ServiceTracing DISABLED = new ServiceTracing("", OpenTelemetry.noop());

  private final boolean enabled;
  private final Tracer tracer;
  private final String service;

  ServiceTracing(String service, OpenTelemetry openTelemetry) {
    this.service = service;
    this.enabled = openTelemetry != OpenTelemetry.noop();
    this.tracer = openTelemetry.getTracer("io.solstice.pipeline");
  }

  boolean enabled() {
    return enabled;
  }

  /** The trace context carried by {@code event}, or the root context. */
  Context parent(RecordedEvent event) {
    return parent(event.metadata().traceparent());
  }

  /** The trace context of a {@code traceparent} header value, or the root context when null. */
  Context parent(String traceparent) {
    return traceparent == null ? Context.root() : W3C.extract(Context.root(), traceparent, GETTER);
  }

  /** Starts the span of one stage; the caller ends it. Returns {@link Span#getInvalid()} when disabled. */
  Span start(String stage, Context parent, RecordedEvent event, int attempt) {
    return start(service, stage, SpanKind.CONSUMER, parent, event, attempt);
  }

  /**
   * Starts the interpret span of {@code followOn}, another service of this process whose decision
   * on {@code event} this service's reaction commits with its own (a fused reaction): an internal
   * span, child of {@code parent}, marked {@code solstice.fused}. The caller ends it.
   */
  Span startFollowOn(String followOn, Context parent, RecordedEvent event) {
    Span span = start(followOn, "interpret", SpanKind.INTERNAL, parent, event, 1);
    return span.setAttribute("solstice.fused", true);
  }

  private Span start(String spanService, String stage, SpanKind kind, Context parent, RecordedEvent event, int attempt) {
    if (!enabled) {
      return Span.getInvalid();
    }
    return tracer.spanBuilder(spanService + " " + stage).setParent(parent).setSpanKind(kind)
        .setAttribute("solstice.service", spanService)
        .setAttribute("solstice.tenant", event.stream().tenant())
        .setAttribute("solstice.stream", event.stream().canonical())
        .setAttribute("solstice.event.type", event.type())
        .setAttribute("solstice.event.id", event.eventId().toString())
        .setAttribute("solstice.attempt", (long) attempt)
        .startSpan();
  }

  /** The {@code traceparent} to write for work done inside {@code span}; the input's own when the span is not valid. */
  String traceparent(Span span, RecordedEvent input) {
    if (!span.getSpanContext().isValid()) {
      return input.metadata().traceparent();
    }
    String[] out = new String[1];
    W3C.inject(Context.root().with(span), out, (carrier, key, value) -> {
      if (TRACEPARENT.equals(key)) {
        carrier[0] = value;
      }
    });
    return out[0];
  }
}
