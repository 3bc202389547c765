package io.solstice.commerce.payment;

import io.solstice.commerce.shared.Money;
import java.util.UUID;

/**
 * The embedded payment simulator, deterministic by token: {@code tok_approve} approves,
 * {@code tok_decline} declines, {@code tok_timeout} never answers in time (every call throws
 * {@link GatewayTimeoutException}), any other token declines. Ids are derived from the idempotency
 * key, so a repeated key gets the same answer without anything being remembered: the simulator is
 * stateless and holds no memory per order, however long the server runs.
 */
public final class SimulatedPaymentGateway implements PaymentGateway {

  public static final String APPROVE = "tok_approve";
  public static final String DECLINE = "tok_decline";
  public static final String TIMEOUT = "tok_timeout";

  @Override
  public Authorization authorize(String tenant, String orderId, String paymentToken, Money amount, String idempotencyKey) {
    if (TIMEOUT.equals(paymentToken)) {
      throw new GatewayTimeoutException("simulated gateway: token " + TIMEOUT + " never answers in time (order " + orderId + ")");
    }
    return APPROVE.equals(paymentToken)
        ? new Authorization.Approved("auth_" + id(idempotencyKey))
        : new Authorization.Declined(DECLINE.equals(paymentToken) ? "card declined" : "unknown payment token");
  }

  @Override
  public String capture(String authorizationId, Money amount, String idempotencyKey) {
    return "cap_" + id(idempotencyKey);
  }

  @Override
  public void voidAuthorization(String authorizationId, String idempotencyKey) {}

  @Override
  public String refund(String authorizationId, Money amount, String idempotencyKey) {
    return "ref_" + id(idempotencyKey);
  }

  private static String id(String key) {
    return UUID.nameUUIDFromBytes(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString().replace("-", "").substring(0, 20);
  }
}
