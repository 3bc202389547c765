package io.solstice.app.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/**
 * A small JSON client of the Solstice HTTP API for the traffic generator: one shared {@link
 * HttpClient} (HTTP/1.1 keep-alive), bearer keys, and two kinds of retry. A {@code 429} (rate limit),
 * or a {@code 503} with {@code Retry-After} (store contended), is retried after that pause (or a
 * short one), up to {@link #MAX_ATTEMPTS}: the server refused the request without doing it. A
 * {@code 503} without it (e.g. no analytics in this process, a service down) is answered at once. A broken connection is retried
 * only for requests the caller marks idempotent (those with an {@code Idempotency-Key}, and reads),
 * since a non-idempotent request may have been done before the connection broke.
 *
 * <p>Thread-safe; meant to be called from many virtual threads at once.
 */
public final class ApiClient {
  /** How many times one request is tried before its failure is reported. */
  public static final int MAX_ATTEMPTS = 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http;
  private final Duration timeout;

  /** An answer: status and parsed JSON body ({@link MissingNode} when empty or not JSON). */
  public record Response(int status, JsonNode json, String body) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }

    /** The text of a field of the body, or null. */
    public String text(String field) {
      JsonNode n = json.path(field);
      return n.isMissingNode() || n.isNull() ? null : n.asText();
    }

    @Override
    public String toString() {
      return status + " " + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
    }
  }

  /** The API answered something other than what the caller needed. */
  public static final class ApiException extends RuntimeException {
    private final int status;

    public ApiException(String message, int status) {
      super(message);
      this.status = status;
    }

    /** The HTTP status, or 0 when no answer came. */
    public int status() {
      return status;
    }
  }

  public ApiClient(URI base, Duration timeout) {
    this.base = Objects.requireNonNull(base, "base");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** The server's base URL. */
  public URI base() {
    return base;
  }

  public Response get(String path, String key) {
    return send("GET", path, key, null, null, true);
  }

  /** A POST; {@code idempotencyKey} (may be null) is sent as {@code Idempotency-Key} and makes the request retryable. */
  public Response post(String path, String key, Object body, String idempotencyKey) {
    return send("POST", path, key, body, idempotencyKey, idempotencyKey != null);
  }

  public Response put(String path, String key, Object body) {
    return send("PUT", path, key, body, null, true);
  }

  /**
   * Polls {@code GET /health/ready} until it answers 200 (a server that has just started may answer
   * 503 while its services start). A server whose probes are on a management port answers 404
   * there; then the API answering {@code /openapi.json} is taken as ready.
   *
   * @throws ApiException with the last answer when {@code timeout} passes first
   */
  public void awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer";
    while (true) {
      try {
        Response r = get("/health/ready", null);
        if (r.ok() || r.status() == 404 && get("/openapi.json", null).ok()) {
          return;
        }
        last = r.toString();
      } catch (ApiException e) {
        last = e.getMessage();
      }
      if (System.nanoTime() > deadline) {
        throw new ApiException(resolve("/health/ready") + " was not ready within " + timeout.toSeconds() + " s (last answer: " + last
            + "); is the server running and are its services healthy?", 0);
      }
      Thread.sleep(100);
    }
  }

  /** Like {@link #post} but fails unless the status is {@code expected}. */
  public JsonNode postExpecting(int expected, String path, String key, Object body, String idempotencyKey) {
    return expect(expected, "POST " + path, post(path, key, body, idempotencyKey));
  }

  public JsonNode getExpecting(int expected, String path, String key) {
    return expect(expected, "GET " + path, get(path, key));
  }

  static JsonNode expect(int expected, String what, Response r) {
    if (r.status() != expected) {
      throw new ApiException(what + " answered " + r + ", expected " + expected, r.status());
    }
    return r.json();
  }

  private Response send(String method, String path, String key, Object body, String idempotencyKey, boolean retryable) {
    String payload;
    try {
      payload = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write the request body of " + method + " " + path + " as JSON", e);
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(resolve(path)).timeout(timeout)
        .method(method, payload == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(payload));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    if (payload != null) {
      b.header("Content-Type", "application/json");
    }
    if (idempotencyKey != null) {
      b.header("Idempotency-Key", idempotencyKey);
    }
    HttpRequest request = b.build();
    IOException lastFailure = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        boolean refusedForNow = status == 429 || status == 503 && response.headers().firstValue("Retry-After").isPresent();
        if (refusedForNow && attempt < MAX_ATTEMPTS) {
          Thread.sleep(retryAfterMillis(response, attempt));
          continue;
        }
        return new Response(status, parse(response.body()), response.body());
      } catch (IOException e) {
        lastFailure = e;
        if (!retryable) {
          break;
        }
        sleepQuietly(Math.min(1_000, 50L * attempt));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ApiException(method + " " + path + " was interrupted", 0);
      }
    }
    throw new ApiException(method + " " + resolve(path) + " failed: " + lastFailure
        + (retryable ? " (" + MAX_ATTEMPTS + " attempts)" : " (not retried: the request is not idempotent)")
        + "; is the server running and reachable?", 0);
  }

  /** {@code path} below the base URL (which may itself have a path, e.g. behind a proxy). */
  private URI resolve(String path) {
    return base.resolve(path.startsWith("/") ? path.substring(1) : path);
  }

  private static long retryAfterMillis(HttpResponse<String> response, int attempt) {
    long fallback = Math.min(1_000, 25L << Math.min(attempt, 6));
    return response.headers().firstValue("Retry-After").map(v -> {
      try {
        return Math.min(5_000, Math.max(10, Long.parseLong(v.strip()) * 1_000));
      } catch (NumberFormatException e) {
        return fallback;
      }
    }).orElse(fallback);
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return MissingNode.getInstance();
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return MissingNode.getInstance();
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
