package io.solstice.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The operations of the running server's {@code /openapi.json}, as the harnesses need them: every
 * route, its path and query parameters, who may call it and its request body's schema. Harnesses
 * built on it cover a new route without being edited.
 */
final class ApiDocument {
  /** Who may call an operation. */
  enum Access { PUBLIC, TENANT, ADMIN }

  /** One operation of the document. */
  record Operation(String method, String path, String id, Access access, List<String> pathParams, List<String> queryParams,
      boolean idempotencyKey, ObjectNode body) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  private ApiDocument() {}

  /** The operations of {@code document}, in document order. */
  static List<Operation> operations(JsonNode document) {
    List<Operation> operations = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> path = paths.next();
      Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields();
      while (methods.hasNext()) {
        Map.Entry<String, JsonNode> m = methods.next();
        JsonNode op = m.getValue();
        List<String> pathParams = new ArrayList<>();
        List<String> queryParams = new ArrayList<>();
        boolean idempotency = false;
        for (JsonNode p : op.path("parameters")) {
          switch (p.path("in").asText()) {
            case "path" -> pathParams.add(p.path("name").asText());
            case "query" -> queryParams.add(p.path("name").asText());
            case "header" -> idempotency |= p.path("name").asText().equals("Idempotency-Key");
            default -> { }
          }
        }
        String security = op.path("security").isEmpty() ? "" : op.path("security").get(0).fieldNames().next();
        Access access = switch (security) {
          case "tenantKey" -> Access.TENANT;
          case "adminKey" -> Access.ADMIN;
          default -> Access.PUBLIC;
        };
        JsonNode body = op.path("requestBody").path("content").path("application/json").path("schema");
        operations.add(new Operation(m.getKey().toUpperCase(Locale.ROOT), path.getKey(), op.path("operationId").asText(), access,
            List.copyOf(pathParams), List.copyOf(queryParams), idempotency, body instanceof ObjectNode o ? o : null));
      }
    }
    return List.copyOf(operations);
  }
}
