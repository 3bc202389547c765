package io.solstice.app.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.HttpResponseException;
import io.solstice.commerce.shared.InvalidInputException;
import io.solstice.commerce.shared.NotFoundException;
import io.solstice.commerce.shared.RuleViolationException;
import io.solstice.core.codec.EventDecodingException;
import io.solstice.core.decider.ConcurrencyConflictException;
import io.solstice.core.store.DuplicateEventIdException;
import io.solstice.core.store.EventTooLargeException;
import io.solstice.core.store.StoreUnavailableException;
import io.solstice.core.store.UnknownTenantException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one place where exceptions become HTTP answers ({@code application/problem+json}):
 *
 * <table>
 *   <caption>Exception → status</caption>
 *   <tr><td>{@link ApiProblem.Failure}</td><td>its own status (400, 401, 413, 415, 429, …)</td></tr>
 *   <tr><td>{@link InvalidInputException}</td><td>422 {@code invalid_input}, every field in {@code errors}</td></tr>
 *   <tr><td>{@link NotFoundException}</td><td>404 {@code not_found}</td></tr>
 *   <tr><td>{@link RuleViolationException}</td><td>409 with the rule's code, e.g. {@code insufficient_stock}</td></tr>
 *   <tr><td>{@link DuplicateEventIdException}</td><td>409 {@code idempotency_key_reused}</td></tr>
 *   <tr><td>{@link ConcurrencyConflictException}</td><td>503 {@code contended} with {@code Retry-After: 1}: nothing was written, retry</td></tr>
 *   <tr><td>{@link StoreUnavailableException}</td><td>503 {@code store_unavailable} with {@code Retry-After: 5}</td></tr>
 *   <tr><td>{@link EventTooLargeException}</td><td>413 {@code too_large}</td></tr>
 *   <tr><td>Javalin's 404 / 405</td><td>404 {@code no_route} / 405 {@code method_not_allowed}</td></tr>
 *   <tr><td>a path Javalin cannot percent-decode</td><td>400 {@code malformed_path}</td></tr>
 *   <tr><td>anything else</td><td>500 {@code internal}: no internals leaked, the correlation id to quote</td></tr>
 * </table>
 */
public final class Problems {
  /** Base of the {@code type} URIs; {@code type} = base + code. */
  public static final String TYPE_BASE = "https://solstice.dev/problems/";

  /** The media type of error answers. */
  public static final String MEDIA_TYPE = "application/problem+json";

  private Problems() {}

  /** The problem that answers {@code error}. */
  public static ApiProblem of(Throwable error) {
    return switch (error) {
      case ApiProblem.Failure f -> f.problem();
      case InvalidInputException e -> new ApiProblem(422, "invalid_input", "Invalid input",
          "the request is well-formed but some values are invalid; see errors", new TreeMap<>(e.fields()), Map.of());
      case NotFoundException e -> ApiProblem.of(404, "not_found", "Not found", e.getMessage());
      case RuleViolationException e -> ApiProblem.of(409, e.code(), "Conflict", e.getMessage());
      case DuplicateEventIdException e -> ApiProblem.of(409, "idempotency_key_reused", "Conflict",
          "this Idempotency-Key was already used for a different request; use a new key");
      case ConcurrencyConflictException e -> new ApiProblem(503, "contended", "Contended",
          "the resource was changed concurrently by other requests and nothing was written; retry the request", Map.of(),
          Map.of("Retry-After", "1"));
      case StoreUnavailableException e -> new ApiProblem(503, "store_unavailable", "Service unavailable",
          "the event store is unavailable and nothing was written; retry later", Map.of(), Map.of("Retry-After", "5"));
      case EventTooLargeException e -> ApiProblem.of(413, "too_large", "Content too large", "the change is too large to store");
      case HttpResponseException e when e.getStatus() == 405 -> ApiProblem.of(405, "method_not_allowed", "Method not allowed",
          "this path does not support this method; see /openapi.json");
      case HttpResponseException e when e.getStatus() == 404 -> noRoute();
      case HttpResponseException e when e.getStatus() == 413 -> ApiProblem.of(413, "too_large", "Content too large", e.getMessage());
      case HttpResponseException e when e.getStatus() < 500 -> ApiProblem.of(e.getStatus(), "http_" + e.getStatus(), "Error", e.getMessage());
      case IllegalArgumentException e when e.getMessage() != null && e.getMessage().startsWith("URLDecoder:") -> ApiProblem.of(400,
          "malformed_path", "Bad request", "the path or query is not validly percent-encoded (" + e.getMessage() + ")");
      case UnknownTenantException e -> internal();
      case EventDecodingException e -> internal();
      default -> internal();
    };
  }

  /** The answer to a path no route matches. */
  public static ApiProblem noRoute() {
    return ApiProblem.of(404, "no_route", "Not found", "no route matches this path; see /openapi.json for the routes");
  }

  static ApiProblem internal() {
    return ApiProblem.of(500, "internal", "Internal error",
        "the request failed unexpectedly; nothing is guaranteed to have been written. Quote the correlation id when reporting it");
  }

  /** The problem document of {@code problem} for a request to {@code path}. */
  public static ObjectNode render(ObjectMapper mapper, ApiProblem problem, String path, String correlationId) {
    ObjectNode doc = mapper.createObjectNode();
    doc.put("type", TYPE_BASE + problem.code());
    doc.put("title", problem.title());
    doc.put("status", problem.status());
    doc.put("detail", problem.detail());
    doc.put("instance", path);
    doc.put("code", problem.code());
    if (correlationId != null) {
      doc.put("correlationId", correlationId);
    }
    if (!problem.errors().isEmpty()) {
      ArrayNode errors = doc.putArray("errors");
      problem.errors().forEach((field, message) -> {
        ObjectNode error = errors.addObject().put("field", field);
        if (!Character.isUpperCase(field.charAt(0))) {
          // a body field (headers such as Idempotency-Key are capitalised and have no pointer)
          error.put("pointer", "/" + field.replace('.', '/'));
        }
        error.put("detail", message);
      });
    }
    return doc;
  }
}
