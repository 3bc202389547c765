package io.solstice.commerce.fraud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solstice.commerce.order.FraudVerdict;
import io.solstice.commerce.shared.JsonHttp;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * A fraud scoring service reached over HTTP. Wire protocol (see {@code docs/adapters.md}):
 * {@code POST {base}/score} with {@code {"tenant","orderId","customerEmail","total","currency","reviewThreshold"}}
 * and an {@code Idempotency-Key} header; the answer is {@code {"verdict":"accept|review|reject","score":0-100,"reason":"…"}}.
 * Time-outs (of the whole exchange), 5xx and retryable 4xx answers, and calls refused by the
 * adapter's open circuit breaker become {@link ScoringUnavailableException} (the service retries);
 * any other 4xx is a {@link io.solstice.pipeline.PermanentFailureException} (the input is parked).
 */
public final class HttpFraudScorer implements FraudScorer {
  private final JsonHttp http;
  private final String name;

  public HttpFraudScorer(URI base, Duration timeout, ObjectMapper mapper) {
    this.http = new JsonHttp(base, timeout, mapper);
    this.name = base.getHost() + (base.getPort() > 0 ? ":" + base.getPort() : "");
  }

  @Override
  public Verdict score(Request r) {
    try {
      JsonNode answer = http.post("score", Map.of(
          "tenant", r.tenant(),
          "orderId", r.orderId(),
          "customerEmail", r.customerEmail(),
          "total", r.total().amount().toPlainString(),
          "currency", r.total().currency(),
          "reviewThreshold", r.reviewThreshold().toPlainString()), r.tenant() + ":" + r.orderId() + ":score");
      FraudVerdict verdict = FraudVerdict.valueOf(answer.path("verdict").asText("").toUpperCase(Locale.ROOT));
      return new Verdict(verdict, answer.path("score").asInt(0), answer.path("reason").asText(""));
    } catch (JsonHttp.Unavailable e) {
      throw new ScoringUnavailableException("fraud scorer " + name + " unavailable for order " + r.orderId() + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("fraud scorer " + name + " answered an unknown verdict for order " + r.orderId()
          + "; expected accept, review or reject", e);
    }
  }

  /** The circuit breaker of this adapter (its state and metrics). */
  public io.github.resilience4j.circuitbreaker.CircuitBreaker breaker() {
    return http.breaker();
  }

  @Override
  public String name() {
    return name;
  }
}
