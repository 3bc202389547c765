package io.solstice.core.codec;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one Jackson configuration for events, snapshots and the HTTP API.
 *
 * <ul>
 *   <li>{@code java.time} types as ISO-8601 strings ({@code 2025-01-31T12:00:00Z}), never numbers;
 *       offsets are kept as written.
 *   <li>Decimals are exact: JSON numbers with a fraction read as {@link java.math.BigDecimal} (also
 *       in trees, keeping trailing zeros, so {@code 10.50} stays {@code 10.50}), and BigDecimal is
 *       written plain ({@code 1000}, never {@code 1E+3}). Money never passes through a double.
 *   <li>Unknown properties are ignored (forward compatibility: an older reader tolerates fields a
 *       newer writer added); a missing property takes the Java default (use an upcaster to give it
 *       another one).
 * </ul>
 */
public final class Json {
  private static final ObjectMapper SHARED = builder().build();

  private Json() {}

  /**
   * The shared mapper. Thread-safe and configured once: never reconfigure it (register modules or
   * change features); use {@link #builder()} for a variant.
   */
  public static ObjectMapper mapper() {
    return SHARED;
  }

  /** A builder preconfigured as described on this class, for a mapper with extra settings. */
  public static JsonMapper.Builder builder() {
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
        .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
        .nodeFactory(JsonNodeFactory.withExactBigDecimals(true));
  }
}
