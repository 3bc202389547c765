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
 * No answer within the timeout (or a 5xx) is a {@link GatewayTimeoutException}.
 */
public final class HttpPaymentGateway implements PaymentGateway {
  private final JsonHttp http;

  public HttpPaymentGateway(URI base, Duration timeout, ObjectMapper mapper) {
    this.http = new JsonHttp(base, timeout, mapper);
  }

  @Override
  public Authorization authorize(String tenant, String orderId, String paymentToken, Money amount, String idempotencyKey) {
    JsonNode answer = call("authorizations", Map.of("tenant", tenant, "orderId", orderId, "token", paymentToken,
        "amount", amount.amount().toPlainString(), "currency", amount.currency()), idempotencyKey);
    return "approved".equals(answer.path("status").asText())
        ? new Authorization.Approved(answer.path("authorizationId").asText())
        : new Authorization.Declined(answer.path("reason").asText("declined"));
  }

  @Override
  public String capture(String authorizationId, Money amount, String idempotencyKey) {
    return call("authorizations/" + authorizationId + "/capture",
        Map.of("amount", amount.amount().toPlainString(), "currency", amount.currency()), idempotencyKey).path("captureId").asText();
  }

  @Override
  public void voidAuthorization(String authorizationId, String idempotencyKey) {
    call("authorizations/" + authorizationId + "/void", Map.of(), idempotencyKey);
  }

  @Override
  public String refund(String authorizationId, Money amount, String idempotencyKey) {
    return call("authorizations/" + authorizationId + "/refund",
        Map.of("amount", amount.amount().toPlainString(), "currency", amount.currency()), idempotencyKey).path("refundId").asText();
  }

  private JsonNode call(String path, Object body, String idempotencyKey) {
    try {
      return http.post(path, body, idempotencyKey);
    } catch (JsonHttp.Unavailable e) {
      throw new GatewayTimeoutException("payment gateway: " + e.getMessage(), e);
    }
  }
}
