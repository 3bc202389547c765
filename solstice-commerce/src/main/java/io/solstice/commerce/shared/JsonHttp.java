package io.solstice.commerce.shared;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;

/**
 * A small JSON-over-HTTP client for the adapters to external parties (fraud scoring, payment
 * gateway): POST a JSON body with an {@code Idempotency-Key}, read a JSON answer, with a connect
 * and a request timeout. Time-outs and 5xx answers are reported as {@link Unavailable} (retry
 * later with the same key); 4xx answers and answers that are not JSON as {@link
 * IllegalStateException} (a bug or a protocol mismatch: retrying will not help). The base URL is a
 * directory: paths resolve below it ({@code http://host/api} and {@code http://host/api/} both
 * reach {@code http://host/api/score}).
 */
public final class JsonHttp {
  private final HttpClient client;
  private final ObjectMapper mapper;
  private final URI base;
  private final Duration timeout;

  public JsonHttp(URI base, Duration timeout, ObjectMapper mapper) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(base, "base");
    if (!"http".equalsIgnoreCase(base.getScheme()) && !"https".equalsIgnoreCase(base.getScheme())) {
      throw new IllegalArgumentException("the base URL must be http:// or https://, was '" + base + "'");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the HTTP timeout must be positive, was " + timeout + " for " + base);
    }
    String path = base.getRawPath() == null ? "" : base.getRawPath();
    this.base = path.endsWith("/") ? base : URI.create(base.getScheme() + "://" + base.getRawAuthority() + path + "/");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.client = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
  }

  /** The service did not answer in time, could not be reached, or answered 5xx. */
  public static final class Unavailable extends RuntimeException {
    private final boolean timedOut;

    Unavailable(String message, Throwable cause, boolean timedOut) {
      super(message, cause);
      this.timedOut = timedOut;
    }

    public boolean timedOut() {
      return timedOut;
    }
  }

  /** POSTs {@code body} as JSON to {@code path} (relative to the base URL) and returns the JSON answer. */
  public JsonNode post(String path, Object body, String idempotencyKey) {
    URI uri = base.resolve(path);
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(uri)
          .timeout(timeout)
          .header("Content-Type", "application/json")
          .header("Accept", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body)));
      if (idempotencyKey != null) {
        request.header("Idempotency-Key", idempotencyKey);
      }
      HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      int status = response.statusCode();
      if (status >= 500) {
        throw new Unavailable("POST " + uri + " answered " + status + "; will retry with the same idempotency key", null, false);
      }
      if (status >= 400) {
        throw new IllegalStateException("POST " + uri + " answered " + status + ": " + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8)
            + "; check the adapter's configuration and the service's wire protocol");
      }
      byte[] bytes = response.body();
      try {
        return bytes.length == 0 ? mapper.createObjectNode() : mapper.readTree(bytes);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException("POST " + uri + " answered " + status + " with a body that is not JSON: "
            + e.getOriginalMessage() + "; check that the base URL points at the service", e);
      }
    } catch (HttpTimeoutException e) {
      throw new Unavailable("POST " + uri + " gave no answer within " + timeout.toMillis() + " ms", e, true);
    } catch (IOException e) {
      throw new Unavailable("POST " + uri + " failed: " + e + "; is the service running and reachable?", e, false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable("interrupted while calling " + uri, e, false);
    }
  }
}
