package io.solstice.app.ops;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Logback encoder writing one JSON object per line (the {@code --log-format json} format), for log
 * collectors:
 *
 * <pre>{@code
 * {"timestamp":"2026-12-02T10:15:30.123Z","level":"WARN","logger":"io.solstice.pipeline.ServiceRunner",
 *  "thread":"payment-acme","message":"service payment: handling … failed (attempt 1 of 12): …",
 *  "tenant":"acme","service":"payment","stream":"acme:Order-01J…","correlationId":"4f1c…",
 *  "traceId":"0af7651916cd43dd8448eb211c80319c"}
 * }</pre>
 *
 * The context fields come from the MDC keys the HTTP server and the service pipeline set ({@code
 * tenant}, {@code service}, {@code stream}, {@code correlationId}, {@code traceId}); the trace id
 * falls back to the current OpenTelemetry span's. Fields without a value are left out; other MDC
 * keys are written as they are; an exception is written as {@code error} (class and message) and
 * {@code stack}.
 */
public final class JsonLogEncoder extends EncoderBase<ILoggingEvent> {

  /** The MDC keys written first, in this order. */
  public static final List<String> CONTEXT_KEYS = List.of("tenant", "service", "stream", "correlationId", "traceId");

  private static final byte[] NONE = new byte[0];
  private final JsonFactory json = new JsonFactory();

  @Override
  public byte[] headerBytes() {
    return NONE;
  }

  @Override
  public byte[] footerBytes() {
    return NONE;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("timestamp", Instant.ofEpochMilli(event.getTimeStamp()).toString());
      g.writeStringField("level", event.getLevel().toString());
      g.writeStringField("logger", event.getLoggerName());
      g.writeStringField("thread", event.getThreadName());
      g.writeStringField("message", event.getFormattedMessage());
      Map<String, String> mdc = event.getMDCPropertyMap();
      for (String key : CONTEXT_KEYS) {
        String value = mdc.get(key);
        if (value == null && key.equals("traceId")) {
          value = currentTraceId();
        }
        if (value != null && !value.isEmpty()) {
          g.writeStringField(key, value);
        }
      }
      for (Map.Entry<String, String> e : mdc.entrySet()) {
        if (!CONTEXT_KEYS.contains(e.getKey()) && e.getValue() != null) {
          g.writeStringField(e.getKey(), e.getValue());
        }
      }
      IThrowableProxy error = event.getThrowableProxy();
      if (error != null) {
        g.writeStringField("error", error.getClassName() + ": " + error.getMessage());
        g.writeStringField("stack", ThrowableProxyUtil.asString(error));
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a log line as JSON", e);
    }
    out.write('\n');
    return out.toByteArray();
  }

  private static String currentTraceId() {
    SpanContext span = Span.current().getSpanContext();
    return span.isValid() ? span.getTraceId() : null;
  }
}
