package io.solstice.app.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.solstice.commerce.shared.InvalidInputException;
import io.solstice.commerce.tenancy.Tenancy.TenantContext;
import io.solstice.core.EventMetadata;
import io.solstice.core.codec.Json;
import io.solstice.core.codec.NumberOutOfRangeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;

/**
 * One authenticated call of a route, as a handler sees it: path and query parameters, headers, the
 * JSON body (read at most once, bounded, parsed strictly), the calling tenant and the metadata to
 * write on every event the call causes.
 */
public final class Call {
  /** Longest accepted {@code Idempotency-Key}. */
  public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 200;

  private final Context ctx;
  private final ObjectMapper mapper;
  private final Route route;
  private final TenantContext tenant;
  private final EventMetadata metadata;
  private final long maxBodyBytes;

  Call(Context ctx, ObjectMapper mapper, Route route, TenantContext tenant, EventMetadata metadata, long maxBodyBytes) {
    this.ctx = ctx;
    this.mapper = mapper;
    this.route = route;
    this.tenant = tenant;
    this.metadata = metadata;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** The calling tenant (TENANT routes only). */
  public TenantContext tenant() {
    if (tenant == null) {
      throw new IllegalStateException("route " + route.method() + " " + route.path() + " has no tenant; it is " + route.access());
    }
    return tenant;
  }

  public String tenantId() {
    return tenant().tenantId();
  }

  /** Correlation ({@code X-Correlation-Id}), causation (the request), {@code traceparent} and producer {@code http}. */
  public EventMetadata metadata() {
    return metadata;
  }

  /** The request's Javalin context (for routes that stream their answer). */
  Context context() {
    return ctx;
  }

  /** The API's JSON mapper. */
  ObjectMapper mapper() {
    return mapper;
  }

  /** A path parameter, decoded; a 400 {@code malformed_path} when its percent-encoding is broken (e.g. {@code %2}). */
  public String pathParam(String name) {
    try {
      return ctx.pathParam(name);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest("malformed_path", "the path's " + name + " is not validly percent-encoded: " + e.getMessage());
    }
  }

  /** A query parameter, decoded; a 400 {@code malformed_query} when it cannot be decoded. */
  public String query(String name) {
    try {
      return ctx.queryParam(name);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest("malformed_query", "the query parameter " + name + " is not validly percent-encoded: " + e.getMessage());
    }
  }

  public String header(String name) {
    return ctx.header(name);
  }

  /**
   * The {@code Idempotency-Key} header: null when absent (OPTIONAL routes), a 400 naming the header
   * when absent on a REQUIRED route or when longer than {@value #MAX_IDEMPOTENCY_KEY_LENGTH} characters.
   */
  public String idempotencyKey() {
    String key = ctx.header("Idempotency-Key");
    if (key == null || key.isBlank()) {
      if (route.idempotency() == Route.Idempotency.REQUIRED) {
        throw ApiProblem.badRequest("idempotency_key_required", route.method() + " " + route.path()
            + " needs an Idempotency-Key header (any unique string, e.g. a UUID) so that a retry cannot act twice",
            Map.of("Idempotency-Key", "header is required"));
      }
      return null;
    }
    if (key.length() > MAX_IDEMPOTENCY_KEY_LENGTH || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
      throw ApiProblem.badRequest("invalid_idempotency_key", "the Idempotency-Key must be 1-" + MAX_IDEMPOTENCY_KEY_LENGTH
          + " visible ASCII characters", Map.of("Idempotency-Key", "must be 1-" + MAX_IDEMPOTENCY_KEY_LENGTH + " visible ASCII characters"));
    }
    return key;
  }

  /** The request's JSON object body (an empty body reads as {@code {}} on routes whose body is optional). */
  public JsonBody body() {
    byte[] bytes = readBody();
    if (bytes.length == 0 || isBlank(bytes)) {
      if (route.requestRequired()) {
        throw ApiProblem.badRequest("body_required", "this route needs a JSON object body; see /openapi.json");
      }
      return new JsonBody(mapper.createObjectNode());
    }
    requireJsonContentType();
    JsonNode node;
    try {
      node = mapper.readTree(bytes);
    } catch (NumberOutOfRangeException e) {
      throw numberOutOfRange(e.getMessage());
    } catch (StreamConstraintsException e) {
      throw beyondLimits(e);
    } catch (JacksonException e) {
      if (e.getCause() instanceof NumberOutOfRangeException n) {
        throw numberOutOfRange(n.getMessage());
      }
      throw ApiProblem.badRequest("malformed_json", "the body is not valid JSON: " + e.getOriginalMessage()
          + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!(node instanceof ObjectNode object)) {
      throw ApiProblem.badRequest("body_not_object", "the body must be a JSON object, was " + node.getNodeType().toString().toLowerCase(Locale.ROOT));
    }
    return new JsonBody(object);
  }

  /** The problem of a JSON number too long or with too large an exponent: refused while parsing. */
  static ApiProblem.Failure numberOutOfRange(String why) {
    return ApiProblem.badRequest("number_out_of_range", "the body holds a number Solstice does not accept: " + why
        + " (numbers are at most " + Json.MAX_NUMBER_LENGTH + " characters with an exponent within ±" + Json.MAX_DECIMAL_EXPONENT + ")");
  }

  private static ApiProblem.Failure beyondLimits(StreamConstraintsException e) {
    String why = e.getOriginalMessage();
    if (why != null && why.startsWith("Number")) {
      return numberOutOfRange(why);
    }
    return ApiProblem.badRequest("json_limit_exceeded", "the body is beyond the JSON limits (nesting depth " + Json.MAX_NESTING_DEPTH
        + ", strings of " + Json.MAX_STRING_LENGTH + " characters): " + why);
  }

  private void requireJsonContentType() {
    String type = ctx.header("Content-Type");
    if (type != null && !type.isBlank()) {
      String base = type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
      if (!base.equals("application/json") && !base.endsWith("+json")) {
        throw ApiProblem.of(415, "unsupported_media_type", "Unsupported media type",
            "send the body as JSON with Content-Type: application/json (was " + base + ")").failure();
      }
    }
  }

  private byte[] readBody() {
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBodyBytes) {
      throw tooLarge();
    }
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
      if (bytes.length > maxBodyBytes) {
        throw tooLarge();
      }
      return bytes;
    } catch (IOException e) {
      throw ApiProblem.badRequest("unreadable_body", "the request body could not be read: " + e.getMessage());
    }
  }

  private ApiProblem.Failure tooLarge() {
    return ApiProblem.of(413, "too_large", "Content too large", "request bodies are limited to " + maxBodyBytes + " bytes").failure();
  }

  private static boolean isBlank(byte[] bytes) {
    for (byte b : bytes) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }

  /** An {@link InvalidInputException} for one query parameter. */
  public static InvalidInputException invalidQuery(String name, String problem) {
    return new InvalidInputException(name, problem);
  }
}
