package io.solstice.app.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the OpenAPI 3.1 document of the API from the route table: one operation per {@link
 * Route}, its parameters (path, query, {@code Idempotency-Key}), request body, success and error
 * answers ({@code application/problem+json}), and its security (tenant key, admin key, none).
 */
public final class OpenApi {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}]+)}");

  private OpenApi() {}

  private static final Map<Integer, String> REASONS = Map.ofEntries(
      Map.entry(400, "Malformed request: invalid JSON, a body that is not an object, or a missing required header"),
      Map.entry(401, "Missing, unknown, rotated or suspended key, or a key of the wrong kind for this route"),
      Map.entry(404, "Not found for the calling tenant (other tenants' ids answer the same)"),
      Map.entry(405, "Method not allowed on this path"),
      Map.entry(409, "Conflicts with the current state (the problem's code says which rule); nothing was written"),
      Map.entry(413, "Request body over the size limit (1 MiB)"),
      Map.entry(415, "Body sent with a Content-Type other than JSON"),
      Map.entry(422, "Well-formed but invalid values; errors names every offending field"),
      Map.entry(429, "The tenant's rate limit is exceeded; retry after Retry-After seconds"),
      Map.entry(500, "Unexpected failure; quote the correlation id"),
      Map.entry(503, "Store unavailable or contended; nothing was written; retry after Retry-After seconds"));

  /** The document for {@code routes}. */
  public static ObjectNode document(List<Route> routes, String version, Map<String, ObjectNode> components) {
    ObjectNode doc = F.objectNode();
    doc.put("openapi", "3.1.0");
    doc.putObject("info")
        .put("title", "Solstice commerce API")
        .put("version", version)
        .put("description", "Multi-tenant commerce over an event store. Tenant routes act for the tenant of the API key; "
            + "admin routes need the admin key. Errors are RFC 9457 problem documents. Reads reflect the caller's completed writes.");
    ObjectNode paths = doc.putObject("paths");
    for (Route route : routes) {
      ObjectNode item = paths.has(route.path()) ? (ObjectNode) paths.get(route.path()) : paths.putObject(route.path());
      item.set(route.method().toLowerCase(java.util.Locale.ROOT), operation(route));
    }
    ObjectNode comps = doc.putObject("components");
    ObjectNode schemas = comps.putObject("schemas");
    components.forEach(schemas::set);
    schemas.set("Problem", problemSchema());
    ObjectNode security = comps.putObject("securitySchemes");
    security.putObject("tenantKey").put("type", "http").put("scheme", "bearer")
        .put("description", "A tenant's API key (sk_<tenant>_…), returned once when the tenant is provisioned or its key rotated");
    security.putObject("adminKey").put("type", "http").put("scheme", "bearer")
        .put("description", "The platform admin key (SOLSTICE_ADMIN_KEY, or generated and printed once on first start)");
    return doc;
  }

  private static ObjectNode operation(Route route) {
    ObjectNode op = F.objectNode();
    op.put("operationId", route.operationId());
    op.put("summary", route.summary());
    op.putArray("tags").add(route.tag());
    ArrayNode security = op.putArray("security");
    switch (route.access()) {
      case PUBLIC -> { }
      case TENANT -> security.addObject().putArray("tenantKey");
      case ADMIN -> security.addObject().putArray("adminKey");
    }
    ArrayNode params = op.putArray("parameters");
    Matcher m = PATH_PARAM.matcher(route.path());
    while (m.find()) {
      params.addObject().put("name", m.group(1)).put("in", "path").put("required", true).set("schema", Schemas.string());
    }
    for (Route.QueryParam q : route.queryParams()) {
      params.addObject().put("name", q.name()).put("in", "query").put("required", q.required()).put("description", q.description())
          .set("schema", q.schema());
    }
    if (route.idempotency() != Route.Idempotency.NONE) {
      boolean required = route.idempotency() == Route.Idempotency.REQUIRED;
      params.addObject().put("name", "Idempotency-Key").put("in", "header").put("required", required)
          .put("description", required
              ? "Required: a unique key per intended operation; a retry with the same key and body answers the same, another body → 409"
              : "Optional: a retry with the same key answers like the first request and writes nothing new")
          .set("schema", Schemas.string().put("maxLength", Call.MAX_IDEMPOTENCY_KEY_LENGTH));
    }
    params.addObject().put("name", "X-Correlation-Id").put("in", "header").put("required", false)
        .put("description", "Correlation id written on the events this request causes and echoed in the response (generated when absent)")
        .set("schema", Schemas.string());
    if (route.request() != null) {
      ObjectNode body = op.putObject("requestBody").put("required", route.requestRequired());
      body.putObject("content").putObject("application/json").set("schema", route.request());
    }
    ObjectNode responses = op.putObject("responses");
    ObjectNode ok = responses.putObject(Integer.toString(route.status())).put("description", "Success");
    if (route.response() != null) {
      ok.putObject("content").putObject(route.responseContentType()).set("schema", route.response());
    }
    for (int status : route.otherSuccesses()) {
      ObjectNode other = responses.putObject(Integer.toString(status)).put("description", "Success");
      if (route.response() != null) {
        other.putObject("content").putObject(route.responseContentType()).set("schema", route.response());
      }
    }
    for (int status : route.errorStatuses()) {
      ObjectNode r = responses.putObject(Integer.toString(status)).put("description", REASONS.getOrDefault(status, "Error"));
      r.putObject("content").putObject(Problems.MEDIA_TYPE).set("schema", Schemas.ref("Problem"));
    }
    return op;
  }

  private static ObjectNode problemSchema() {
    return Schemas.object(
        Schemas.required("type", Schemas.string("https://solstice.dev/problems/CODE")),
        Schemas.required("title", Schemas.string()),
        Schemas.required("status", Schemas.integer()),
        Schemas.required("detail", Schemas.string()),
        Schemas.required("instance", Schemas.string("the request path")),
        Schemas.required("code", Schemas.string("stable machine-readable code, e.g. invalid_input, insufficient_stock")),
        Schemas.optional("correlationId", Schemas.string()),
        Schemas.optional("errors", Schemas.array(Schemas.object(
            Schemas.required("field", Schemas.string("field path (customer.email) or header name (Idempotency-Key)")),
            Schemas.optional("pointer", Schemas.string("JSON pointer into the request body")),
            Schemas.required("detail", Schemas.string())))));
  }
}
