package io.solstice.app.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * A small JSON client of the Solstice HTTP API for the traffic generator: one {@link Http1Client}
 * (HTTP/1.1, a pool of keep-alive connections, blocking I/O on the caller's virtual thread), bearer
 * keys, and two kinds of retry. A {@code 429} (rate limit), or a {@code 503} with {@code Retry-After}
 * (store contended), is retried after that pause (or a short one), up to {@link #MAX_ATTEMPTS}: the
 * server refused the request without doing it. A {@code 503} without it (e.g. no analytics in this
 * process, a service down) is answered at once. A broken connection is retried only for requests the
 * caller marks idempotent (those with an {@code Idempotency-Key}, and reads), since a non-idempotent
 * request may have been done before the connection broke (a pooled connection the server had closed
 * before it saw the request is the exception: {@link Http1Client} resends on a new one).
 *
 * <p>Cost: answers are kept as text and parsed into a JSON tree only when {@link Response#json} is
 * first called, so a shopper that ignores an answer's body pays nothing for it.
 *
 * <p>Thread-safe; meant to be called from many virtual threads at once.
 */
public final class ApiClient {
  /** How many times one request is tried before its failure is reported. */
  public static final int MAX_ATTEMPTS = 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final Http1Client http;

  /** An answer: the status and the body, parsed as JSON on first use ({@link MissingNode} when empty or not JSON). */
  public static final class Response {
    private final int status;
    private final String body;
    private JsonNode json;

    public Response(int status, String body) {
      this.status = status;
      this.body = Objects.requireNonNull(body, "body");
    }

    public int status() {
      return status;
    }

    /** The body as text ({@code ""} when empty). */
    public String body() {
      return body;
    }

    /** The body as JSON, parsed on the first call ({@link MissingNode} when empty or not JSON). */
    public JsonNode json() {
      JsonNode j = json;
      if (j == null) {
        j = parse(body);
        json = j;
      }
      return j;
    }

    public boolean ok() {
      return status >= 200 && status < 300;
    }

    /** The text of a top-level field of the body, or null; a string field is read without building the JSON tree. */
    public String text(String field) {
      String fast = json == null ? ShopperJson.topLevelString(body, field) : null;
      if (fast != null) {
        return fast;
      }
      JsonNode n = json().path(field);
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

  /**
   * A client of the server at {@code base} ({@code http} or {@code https}); {@code timeout} bounds
   * each wait for the server's bytes (connecting is bounded by 5 s).
   */
  public ApiClient(URI base, Duration timeout) {
    this.base = Objects.requireNonNull(base, "base");
    this.http = new Http1Client(base, Duration.ofSeconds(5), Objects.requireNonNull(timeout, "timeout"));
  }

  /** How many connections this client has opened so far (the pool keeps them open between requests). */
  public int connectionsOpened() {
    return http.connectionsOpened();
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

  /** Like {@link #post} but fails unless the status is {@code expected}; the body is parsed only if the caller asks for it. */
  public Response postChecked(int expected, String path, String key, Object body, String idempotencyKey) {
    Response r = post(path, key, body, idempotencyKey);
    if (r.status() != expected) {
      throw new ApiException("POST " + path + " answered " + r + ", expected " + expected, r.status());
    }
    return r;
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
    byte[] payload;
    try {
      payload = body == null ? null : body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write the request body of " + method + " " + path + " as JSON", e);
    }
    IOException lastFailure = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      try {
        Http1Client.Answer answer = http.exchange(method, path, key, payload, idempotencyKey);
        int status = answer.status();
        boolean refusedForNow = status == 429 || status == 503 && answer.retryAfter() != null;
        if (refusedForNow && attempt < MAX_ATTEMPTS) {
          Thread.sleep(retryAfterMillis(answer.retryAfter(), attempt));
          continue;
        }
        return new Response(status, answer.body());
      } catch (IOException e) {
        if (Thread.currentThread().isInterrupted()) {
          throw new ApiException(method + " " + path + " was interrupted", 0);
        }
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

  private static long retryAfterMillis(String retryAfter, int attempt) {
    long fallback = Math.min(1_000, 25L << Math.min(attempt, 6));
    if (retryAfter == null) {
      return fallback;
    }
    try {
      return Math.min(5_000, Math.max(10, Long.parseLong(retryAfter.strip()) * 1_000));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static JsonNode parse(String body) {
    if (body.isBlank()) {
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
