package io.solstice.commerce.payment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solstice.commerce.shared.JsonHttp;
import io.solstice.commerce.shared.Money;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * A payment gateway reached over HTTP. Wire protocol (see {@code docs/adapters.md}); every request
 * carries an {@code Idempotency-Key} header and the gateway answers a repeated key with the first
 * outcome:
 *
 * <ul>
 *   <li>{@code POST {base}/authorizations} {@code {"tenant","orderId","token","amount","currency"}} →
 *       {@code {"status":"approved","authorizationId":"…"}} or {@code {"status":"declined","reason":"…"}}
 *   <li>{@code POST {base}/authorizations/{id}/capture} {@code {"amount","currency"}} → {@code {"captureId":"…"}}
 *   <li>{@code POST {base}/authorizations/{id}/void} {@code {}} → {@code {}}
 *   <li>{@code POST {base}/authorizations/{id}/refund} {@code {"amount","currency"}} → {@code {"refundId":"…"}}
 * </ul>
 *
 * No complete answer within the timeout (headers and body), a broken connection, a 5xx or a
 * retryable 4xx (408, 409, 425, 429) is a {@link GatewayTimeoutException} (the outcome is unknown:
 * retry with the same key); a call not sent — the connection refused, or the adapter's circuit
 * breaker open — is a {@link GatewayUnavailableException} (nothing happened: retry later, and it
 * does not count as an unanswered attempt, so a gateway that is down declines no order); any other 4xx is a {@link
 * io.solstice.pipeline.PermanentFailureException} (retrying will not help: the input is parked); an
 * answer outside this protocol is an {@link IllegalStateException}.
 */
public final class HttpPaymentGateway implements PaymentGateway {
  private final JsonHttp http;

  public HttpPaymentGateway(URI base, Duration timeout, ObjectMapper mapper) {
    this.http = new JsonHttp(base, timeout, mapper);
  }

  /** The circuit breaker of this adapter (its state and metrics). */
  public io.github.resilience4j.circuitbreaker.CircuitBreaker breaker() {
    return http.breaker();
  }

  @Override
  public Authorization authorize(String tenant, String orderId, String paymentToken, Money amount, String idempotencyKey) {
    JsonNode answer = call("authorizations", Map.of("tenant", tenant, "orderId", orderId, "token", paymentToken,
        "amount", amount.amount().toPlainString(), "currency", amount.currency()), idempotencyKey);
    String status = answer.path("status").asText("");
    String authorizationId = answer.path("authorizationId").asText("");
    if (status.equals("approved") && !authorizationId.isBlank()) {
      return new Authorization.Approved(authorizationId);
    }
    if (status.equals("declined")) {
      return new Authorization.Declined(answer.path("reason").asText("declined"));
    }
    // Neither a clear approval nor a clear decline: reading it as a decline could hide a charge.
    throw new IllegalStateException("payment gateway answered authorization " + idempotencyKey + " of order " + orderId
        + " with " + answer + "; expected {\"status\":\"approved\",\"authorizationId\":…} or {\"status\":\"declined\",…}"
        + "; check the gateway's wire protocol");
  }

  @Override
  public String capture(String authorizationId, Money amount, String idempotencyKey) {
    return requiredId(call("authorizations/" + authorizationId + "/capture",
        Map.of("amount", amount.amount().toPlainString(), "currency", amount.currency()), idempotencyKey), "captureId", authorizationId);
  }

  @Override
  public void voidAuthorization(String authorizationId, String idempotencyKey) {
    call("authorizations/" + authorizationId + "/void", Map.of(), idempotencyKey);
  }

  @Override
  public String refund(String authorizationId, Money amount, String idempotencyKey) {
    return requiredId(call("authorizations/" + authorizationId + "/refund",
        Map.of("amount", amount.amount().toPlainString(), "currency", amount.currency()), idempotencyKey), "refundId", authorizationId);
  }

  private static String requiredId(JsonNode answer, String field, String authorizationId) {
    String id = answer.path(field).asText("");
    if (id.isBlank()) {
      throw new IllegalStateException("payment gateway answered for authorization " + authorizationId + " with " + answer
          + "; expected a non-empty \"" + field + "\"; check the gateway's wire protocol");
    }
    return id;
  }

  private JsonNode call(String path, Object body, String idempotencyKey) {
    try {
      return http.post(path, body, idempotencyKey);
    } catch (JsonHttp.Unavailable e) {
      if (!e.sent()) {
        throw new GatewayUnavailableException("payment gateway: " + e.getMessage(), e);
      }
      throw new GatewayTimeoutException("payment gateway: " + e.getMessage(), e);
    }
  }
}
