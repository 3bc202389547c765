package io.solstice.app.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * One row of the API's route table: method, path, summary, access, request and response schemas,
 * status codes and the handler. {@link ApiServer} registers the Javalin routes from these rows and
 * {@link OpenApi} writes {@code /openapi.json} from the same rows, so the two cannot drift apart.
 *
 * @param method {@code GET}, {@code POST}, {@code PUT} or {@code DELETE}
 * @param path Javalin and OpenAPI path syntax, e.g. {@code /products/{sku}}
 * @param operationId unique operation name for the OpenAPI document
 * @param tag the resource group
 * @param summary one line for the document
 * @param access who may call it
 * @param request the JSON schema of the request body, or null for no body
 * @param requestRequired whether a body must be sent (false: an empty body means {@code {}})
 * @param idempotency whether the route takes an {@code Idempotency-Key}
 * @param queryParams query parameters (name, description, required)
 * @param status the success status
 * @param response the JSON schema of the success body
 * @param errors the route's specific error statuses (the common ones are added by {@link #errorStatuses()})
 * @param otherSuccesses other success statuses with the same body (e.g. 200 for a PUT that answers 201 when it creates)
 * @param handler the code
 */
public record Route(
    String method,
    String path,
    String operationId,
    String tag,
    String summary,
    Access access,
    ObjectNode request,
    boolean requestRequired,
    Idempotency idempotency,
    List<QueryParam> queryParams,
    int status,
    ObjectNode response,
    String responseContentType,
    List<Integer> errors,
    List<Integer> otherSuccesses,
    Handler handler) {

  /** Handles one call of a route. */
  @FunctionalInterface
  public interface Handler {
    Reply handle(Call call) throws Exception;
  }

  /** Whether a route takes an {@code Idempotency-Key} header. */
  public enum Idempotency {
    NONE,
    /** Honoured when sent: a repeated key answers like the first request without writing again. */
    OPTIONAL,
    /** Required (400 without it). */
    REQUIRED
  }

  /** A query parameter of a route. */
  public record QueryParam(String name, String description, boolean required, ObjectNode schema) {}

  public Route {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(handler, "handler for " + method + " " + path);
    queryParams = List.copyOf(queryParams);
    errors = List.copyOf(errors);
    otherSuccesses = List.copyOf(otherSuccesses);
  }

  /** Every error status the route can answer: its own plus those of its access, body and the platform. */
  public List<Integer> errorStatuses() {
    TreeSet<Integer> all = new TreeSet<>(errors);
    if (access != Access.PUBLIC) {
      all.add(401);
      all.add(429);
    }
    if (request != null || idempotency == Idempotency.REQUIRED) {
      all.add(400);
    }
    if (request != null) {
      all.addAll(List.of(413, 415, 422));
    }
    if (!queryParams.isEmpty()) {
      all.add(422);
    }
    if (access != Access.PUBLIC) {
      all.add(503);
    }
    all.add(500);
    return List.copyOf(all);
  }

  /** A route builder: {@code Route.get("/products/{sku}").id("getProduct")…handle(h)}. */
  public static Builder get(String path) {
    return new Builder("GET", path);
  }

  public static Builder post(String path) {
    return new Builder("POST", path);
  }

  public static Builder put(String path) {
    return new Builder("PUT", path);
  }

  public static Builder delete(String path) {
    return new Builder("DELETE", path);
  }

  /** Builds a {@link Route}; defaults: tenant access, no body, 200. */
  public static final class Builder {
    private final String method;
    private final String path;
    private String operationId;
    private String tag = "";
    private String summary = "";
    private Access access = Access.TENANT;
    private ObjectNode request;
    private boolean requestRequired = true;
    private Idempotency idempotency = Idempotency.NONE;
    private final List<QueryParam> queryParams = new ArrayList<>();
    private int status = 200;
    private ObjectNode response;
    private String responseContentType = "application/json";
    private final List<Integer> errors = new ArrayList<>();
    private final List<Integer> otherSuccesses = new ArrayList<>();

    private Builder(String method, String path) {
      this.method = method;
      this.path = path;
    }

    public Builder id(String operationId) {
      this.operationId = operationId;
      return this;
    }

    public Builder tag(String tag) {
      this.tag = tag;
      return this;
    }

    public Builder summary(String summary) {
      this.summary = summary;
      return this;
    }

    public Builder access(Access access) {
      this.access = access;
      return this;
    }

    /** A required JSON request body with {@code schema}. */
    public Builder body(ObjectNode schema) {
      this.request = schema;
      this.requestRequired = true;
      return this;
    }

    /** An optional JSON request body with {@code schema} (an empty body reads as {@code {}}). */
    public Builder optionalBody(ObjectNode schema) {
      this.request = schema;
      this.requestRequired = false;
      return this;
    }

    public Builder idempotency(Idempotency idempotency) {
      this.idempotency = idempotency;
      return this;
    }

    public Builder query(String name, String description, boolean required, ObjectNode schema) {
      queryParams.add(new QueryParam(name, description, required, schema));
      return this;
    }

    public Builder responds(int status, ObjectNode schema) {
      this.status = status;
      this.response = schema;
      return this;
    }

    public Builder respondsText(String contentType) {
      this.responseContentType = contentType;
      return this;
    }

    public Builder errors(Integer... statuses) {
      errors.addAll(List.of(statuses));
      return this;
    }

    /** Another success status answering the same body. */
    public Builder alsoResponds(int status) {
      otherSuccesses.add(status);
      return this;
    }

    public Route handle(Handler handler) {
      return new Route(method, path, operationId, tag, summary, access, request, requestRequired, idempotency, queryParams,
          status, response, responseContentType, errors, otherSuccesses, handler);
    }
  }
}
