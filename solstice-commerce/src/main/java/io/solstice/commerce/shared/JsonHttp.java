package io.solstice.commerce.shared;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.solstice.core.codec.Json;
import io.solstice.core.codec.NumberOutOfRangeException;
import io.solstice.pipeline.PermanentFailureException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A small JSON-over-HTTP client for the adapters to external parties (fraud scoring, payment
 * gateway): POST a JSON body with an {@code Idempotency-Key}, read a JSON answer.
 *
 * <ul>
 *   <li><b>Bounded.</b> The whole exchange — connecting, the headers <em>and the body</em> — must
 *       finish within the timeout (the JDK client's own request timeout stops at the headers, so a
 *       body that stalls after them would hang the caller); the exchange is then cancelled. An
 *       answer larger than {@value #MAX_ANSWER_BYTES} bytes is cut off and refused, and answers are
 *       read with the limits for untrusted JSON ({@link Json#untrustedBuilder()}).
 *   <li><b>Outcomes.</b> Time-outs, broken connections, 5xx and the retryable 4xx (408, 409, 425,
 *       429) are {@link Unavailable}: retry later with the same key. A connection that cannot be
 *       made (refused, or not made within the timeout) is {@link Unavailable} with {@link
 *       Unavailable#sent()} false: nothing was sent, so nothing happened. Any other 4xx is a {@link
 *       PermanentFailureException}: retrying cannot fix it (the pipeline parks the input at once).
 *       An answer that is not JSON is an {@link IllegalStateException} (a protocol mismatch).
 *   <li><b>Circuit breaker</b> (Resilience4j), one per client, so one per adapter: when at least
 *       half of the last 20 calls (10 at least) were unavailable or slower than the timeout, calls
 *       are refused at once for {@value #OPEN_SECONDS} s without being sent ({@link Unavailable}
 *       with {@link Unavailable#sent()} false), then a few trial calls decide whether to close it.
 *       A hung party therefore costs the callers no waiting while it is down.
 * </ul>
 *
 * The base URL is a directory: paths resolve below it ({@code http://host/api} and {@code
 * http://host/api/} both reach {@code http://host/api/score}).
 */
public final class JsonHttp {
  /** Largest answer read, in bytes. */
  public static final int MAX_ANSWER_BYTES = 1 << 20;

  /** Seconds a tripped breaker refuses calls before trying again. */
  public static final int OPEN_SECONDS = 10;

  /** 4xx answers that a later retry may turn into success. */
  private static final Set<Integer> RETRYABLE_4XX = Set.of(408, 409, 425, 429);

  private static final ObjectMapper READER = Json.untrustedBuilder().build();

  private final HttpClient client;
  private final ObjectMapper mapper;
  private final URI base;
  private final Duration timeout;
  private final CircuitBreaker breaker;

  public JsonHttp(URI base, Duration timeout, ObjectMapper mapper) {
    this(base, timeout, mapper, defaultBreaker(requireHttp(base), requirePositive(timeout, base)));
  }

  /** As {@link #JsonHttp(URI, Duration, ObjectMapper)} with a given circuit breaker (tests). */
  public JsonHttp(URI base, Duration timeout, ObjectMapper mapper, CircuitBreaker breaker) {
    this.timeout = requirePositive(timeout, requireHttp(base));
    String path = base.getRawPath() == null ? "" : base.getRawPath();
    this.base = path.endsWith("/") ? base : URI.create(base.getScheme() + "://" + base.getRawAuthority() + path + "/");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.breaker = Objects.requireNonNull(breaker, "breaker");
    this.client = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
  }

  private static URI requireHttp(URI base) {
    Objects.requireNonNull(base, "base");
    if (!"http".equalsIgnoreCase(base.getScheme()) && !"https".equalsIgnoreCase(base.getScheme())) {
      throw new IllegalArgumentException("the base URL must be http:// or https://, was '" + base + "'");
    }
    return base;
  }

  private static Duration requirePositive(Duration timeout, URI base) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the HTTP timeout must be positive, was " + timeout + " for " + base);
    }
    return timeout;
  }

  /** The breaker of {@code base}: 50 % of the last 20 calls (at least 10) failed or slow → open for {@value #OPEN_SECONDS} s. */
  public static CircuitBreaker defaultBreaker(URI base, Duration timeout) {
    CircuitBreakerConfig config = CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(20)
        .minimumNumberOfCalls(10)
        .failureRateThreshold(50)
        .slowCallDurationThreshold(timeout)
        .slowCallRateThreshold(50)
        .waitDurationInOpenState(Duration.ofSeconds(OPEN_SECONDS))
        .permittedNumberOfCallsInHalfOpenState(3)
        .automaticTransitionFromOpenToHalfOpenEnabled(false)
        .recordException(e -> e instanceof Unavailable)
        .build();
    return CircuitBreaker.of("http " + base, config);
  }

  /** The circuit breaker of this client (state and metrics). */
  public CircuitBreaker breaker() {
    return breaker;
  }

  /** The service did not answer in time, could not be reached, answered 5xx or a retryable 4xx, or was not called. */
  public static final class Unavailable extends RuntimeException {
    private final boolean timedOut;
    private final boolean sent;

    Unavailable(String message, Throwable cause, boolean timedOut, boolean sent) {
      super(message, cause);
      this.timedOut = timedOut;
      this.sent = sent;
    }

    /** True when no complete answer came within the timeout (the request may have been processed). */
    public boolean timedOut() {
      return timedOut;
    }

    /** False when the call was not even sent (no connection, or the circuit breaker is open): its outcome is known, nothing happened. */
    public boolean sent() {
      return sent;
    }
  }

  /** POSTs {@code body} as JSON to {@code path} (relative to the base URL) and returns the JSON answer. */
  public JsonNode post(String path, Object body, String idempotencyKey) {
    URI uri = base.resolve(path);
    try {
      return breaker.executeSupplier(() -> exchange(uri, body, idempotencyKey));
    } catch (CallNotPermittedException e) {
      throw new Unavailable("POST " + uri + " not sent: the circuit breaker is open after repeated failures (" + describe(breaker)
          + "); it lets a trial call through " + OPEN_SECONDS + " s after opening", e, false, false);
    }
  }

  private JsonNode exchange(URI uri, Object body, String idempotencyKey) {
    HttpRequest.Builder request;
    try {
      request = HttpRequest.newBuilder(uri)
          .timeout(timeout)
          .header("Content-Type", "application/json")
          .header("Accept", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body)));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("cannot encode the request to " + uri + ": " + e.getMessage(), e);
    }
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    CompletableFuture<HttpResponse<byte[]>> pending = client.sendAsync(request.build(), info -> BoundedBody.of(MAX_ANSWER_BYTES));
    HttpResponse<byte[]> response;
    try {
      response = pending.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      pending.cancel(true);
      throw new Unavailable("POST " + uri + " gave no answer within " + timeout.toMillis() + " ms (headers and body)", e, true, true);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof BoundedBody.TooLarge tooLarge) {
        throw new IllegalStateException("POST " + uri + " answered more than " + MAX_ANSWER_BYTES + " bytes; check that the base URL points at the service", tooLarge);
      }
      if (cause instanceof java.net.ConnectException || cause instanceof java.net.http.HttpConnectTimeoutException) {
        // no connection, so nothing was sent: the outcome is known (nothing happened), not a lost answer
        throw new Unavailable("POST " + uri + " not sent: cannot connect (" + cause + "); is the service running and reachable?", cause,
            false, false);
      }
      if (cause instanceof java.net.http.HttpTimeoutException) {
        throw new Unavailable("POST " + uri + " gave no answer within " + timeout.toMillis() + " ms", cause, true, true);
      }
      throw new Unavailable("POST " + uri + " failed: " + cause + "; is the service running and reachable?", cause, false, true);
    } catch (InterruptedException e) {
      pending.cancel(true);
      Thread.currentThread().interrupt();
      throw new Unavailable("interrupted while calling " + uri, e, false, true);
    }
    return answer(uri, response);
  }

  private static JsonNode answer(URI uri, HttpResponse<byte[]> response) {
    int status = response.statusCode();
    if (status >= 500 || RETRYABLE_4XX.contains(status)) {
      throw new Unavailable("POST " + uri + " answered " + status + "; will retry with the same idempotency key", null, false, true);
    }
    if (status >= 400) {
      throw new PermanentFailureException("POST " + uri + " answered " + status + ": " + excerpt(response.body())
          + "; retrying cannot help, so the input is parked: check the adapter's configuration and the request, then replay it");
    }
    byte[] bytes = response.body();
    try {
      return bytes.length == 0 ? READER.createObjectNode() : READER.readTree(bytes);
    } catch (IOException | NumberOutOfRangeException e) {
      throw new IllegalStateException("POST " + uri + " answered " + status + " with a body that is not JSON (or beyond the JSON limits): "
          + e.getMessage() + "; check that the base URL points at the service", e);
    }
  }

  private static String excerpt(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    return text.length() <= 500 ? text : text.substring(0, 500) + "…";
  }

  private static String describe(CircuitBreaker breaker) {
    CircuitBreaker.Metrics m = breaker.getMetrics();
    return m.getNumberOfFailedCalls() + " failed and " + m.getNumberOfSlowCalls() + " slow of the last " + m.getNumberOfBufferedCalls() + " calls";
  }
}
