package io.solstice.app.cli.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import io.solstice.app.cli.CommandFailedException;
import io.solstice.commerce.analytics.QueryResult;
import io.solstice.core.codec.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs admin SQL through a server: {@code POST {url}/admin/analytics/query} with {@code {"sql":
 * "..."}} and {@code Authorization: Bearer ADMIN_KEY}; the answer is a {@link QueryResult} as JSON
 * ({@code columns}, {@code types} (optional), {@code rows}, {@code truncated}); an error is an RFC
 * 9457 problem ({@code title}, {@code detail}).
 */
final class AdminQueryClient {

  /** The admin endpoint's path below the server's base URL. */
  static final String PATH = "/admin/analytics/query";

  /** The server could not be reached at all (nothing listens there). */
  static final class Unreachable extends Exception {
    Unreachable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final URI endpoint;
  private final String adminKey;
  private final Duration timeout;

  AdminQueryClient(URI baseUrl, String adminKey, Duration timeout) {
    String base = baseUrl.toString();
    this.endpoint = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + PATH);
    this.adminKey = adminKey;
    this.timeout = timeout;
  }

  URI endpoint() {
    return endpoint;
  }

  QueryResult query(String sql) throws Unreachable, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> response;
    try {
      byte[] body = Json.mapper().writeValueAsBytes(Map.of("sql", sql));
      HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(timeout)
          .header("Content-Type", "application/json").header("Accept", "application/json")
          .header("Authorization", "Bearer " + adminKey)
          .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
      response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (ConnectException e) {
      throw new Unreachable("nothing answers at " + endpoint + " (" + e + ")", e);
    } catch (HttpTimeoutException e) {
      throw new CommandFailedException("the server at " + endpoint + " did not answer within " + timeout.toSeconds()
          + " s; the query may still be running there: narrow it (WHERE, LIMIT) or try again");
    } catch (IOException e) {
      throw new CommandFailedException("talking to the server at " + endpoint + " failed: " + e);
    } finally {
      client.close();
    }
    return parse(response);
  }

  private QueryResult parse(HttpResponse<String> response) {
    JsonNode json;
    try {
      json = Json.mapper().readTree(response.body());
    } catch (IOException e) {
      json = null;
    }
    int status = response.statusCode();
    if (status / 100 != 2) {
      String problem = json == null || !json.isObject() ? abbreviate(response.body())
          : (json.path("title").asText("") + (json.hasNonNull("detail") ? ": " + json.get("detail").asText() : "")
              + (json.hasNonNull("errors") ? " " + json.get("errors") : "")).strip();
      String hint = switch (status) {
        case 401, 403 -> "; check the admin key (--admin-key or SOLSTICE_ADMIN_KEY)";
        case 404 -> "; this server has no analytics admin endpoint (an older version, or not the server holding the analytics database?)";
        default -> "";
      };
      throw new CommandFailedException("the server refused the query (HTTP " + status + " from " + endpoint + "): " + problem + hint);
    }
    if (json == null || !json.isObject() || !json.path("columns").isArray() || !json.path("rows").isArray()) {
      throw new CommandFailedException("the server at " + endpoint + " answered HTTP " + status
          + " without {columns, rows, truncated}: " + abbreviate(response.body()));
    }
    List<String> columns = new ArrayList<>();
    json.get("columns").forEach(c -> columns.add(c.asText()));
    List<String> types = new ArrayList<>();
    if (json.path("types").isArray() && json.get("types").size() == columns.size()) {
      json.get("types").forEach(t -> types.add(t.asText()));
    } else {
      columns.forEach(c -> types.add(""));
    }
    List<List<Object>> rows = new ArrayList<>();
    for (JsonNode row : json.get("rows")) {
      List<Object> values = new ArrayList<>(row.size());
      row.forEach(v -> values.add(value(v)));
      rows.add(values);
    }
    return new QueryResult(columns, types, rows, json.path("truncated").asBoolean(false));
  }

  private static Object value(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isNumber()) {
      return v.numberValue();
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isTextual()) {
      return v.asText();
    }
    return v.toString();
  }

  private static String abbreviate(String s) {
    String one = s == null ? "" : s.replaceAll("\\s+", " ").strip();
    return one.length() > 300 ? one.substring(0, 300) + "…" : one;
  }
}
