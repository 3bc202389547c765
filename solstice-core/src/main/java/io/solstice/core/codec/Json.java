package io.solstice.core.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
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
 *
 * <p>{@link #untrustedBuilder()} is the same configuration with limits for JSON that comes from
 * outside (HTTP request bodies, answers of external parties): every mapper that reads such input
 * is built from it, so hostile input is refused while it is parsed, before any arithmetic.
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

  /** Longest JSON number accepted from outside, in characters (Jackson's default is 1,000). */
  public static final int MAX_NUMBER_LENGTH = 100;

  /**
   * Largest decimal exponent accepted from outside, either way: {@code 1e100} and {@code 1e-100}
   * pass, {@code 1e10000000} is refused (it is 10 characters long, but scaling it to cents would
   * build a number of ten million digits).
   */
  public static final int MAX_DECIMAL_EXPONENT = 100;

  /** Deepest nesting of arrays and objects accepted from outside (Jackson's default is 1,000). */
  public static final int MAX_NESTING_DEPTH = 64;

  /** Longest string (and property name) accepted from outside, in characters. */
  public static final int MAX_STRING_LENGTH = 1 << 20;

  /** Largest JSON document accepted from outside, in bytes. */
  public static final long MAX_DOCUMENT_LENGTH = 4L << 20;

  /** A builder preconfigured as described on this class, for a mapper with extra settings. */
  public static JsonMapper.Builder builder() {
    return configure(JsonMapper.builder());
  }

  /**
   * A builder for mappers that read untrusted JSON: as {@link #builder()}, and the parser refuses
   * (with a {@link com.fasterxml.jackson.core.exc.StreamConstraintsException}) numbers longer than
   * {@value #MAX_NUMBER_LENGTH} characters, nesting deeper than {@value #MAX_NESTING_DEPTH}, strings
   * or names longer than {@value #MAX_STRING_LENGTH} characters and documents larger than {@value
   * #MAX_DOCUMENT_LENGTH} bytes; trees refuse decimals whose exponent exceeds {@value
   * #MAX_DECIMAL_EXPONENT} either way ({@link NumberOutOfRangeException}, thrown while parsing).
   */
  public static JsonMapper.Builder untrustedBuilder() {
    StreamReadConstraints limits = StreamReadConstraints.builder()
        .maxNumberLength(MAX_NUMBER_LENGTH)
        .maxNestingDepth(MAX_NESTING_DEPTH)
        .maxStringLength(MAX_STRING_LENGTH)
        .maxNameLength(MAX_STRING_LENGTH)
        .maxDocumentLength(MAX_DOCUMENT_LENGTH)
        .build();
    return configure(JsonMapper.builder(JsonFactory.builder().streamReadConstraints(limits).build()))
        .nodeFactory(new BoundedNodeFactory());
  }

  private static JsonMapper.Builder configure(JsonMapper.Builder builder) {
    return builder
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

  /** Exact decimals, as {@link #builder()}'s trees, refusing exponents beyond {@value #MAX_DECIMAL_EXPONENT}. */
  private static final class BoundedNodeFactory extends JsonNodeFactory {
    private static final long serialVersionUID = 1L;

    BoundedNodeFactory() {
      super(true);
    }

    @Override
    public com.fasterxml.jackson.databind.node.ValueNode numberNode(java.math.BigDecimal v) {
      if (v != null && Math.abs((long) v.scale()) > MAX_DECIMAL_EXPONENT) {
        throw new NumberOutOfRangeException("a JSON number's exponent is beyond ±" + MAX_DECIMAL_EXPONENT
            + " (scale " + v.scale() + "); send amounts such as 19.99");
      }
      return super.numberNode(v);
    }
  }
}
