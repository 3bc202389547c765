package io.solstice.commerce.payment;

import io.solstice.commerce.shared.Money;

/**
 * A payment gateway: authorize, capture, void, refund. Every call carries an idempotency key; a
 * gateway must answer a repeated key with the first call's outcome, so retries never charge twice.
 * Implementations: {@link SimulatedPaymentGateway} (the embedded default) and {@link
 * HttpPaymentGateway}. A call that gets no answer in time throws {@link GatewayTimeoutException}.
 */
public interface PaymentGateway {

  /** The outcome of an authorization. */
  sealed interface Authorization {
    record Approved(String authorizationId) implements Authorization {}

    record Declined(String reason) implements Authorization {}
  }

  Authorization authorize(String tenant, String orderId, String paymentToken, Money amount, String idempotencyKey);

  /** Captures an authorized amount; returns the capture id. */
  String capture(String authorizationId, Money amount, String idempotencyKey);

  /** Releases an authorization that will not be captured. */
  void voidAuthorization(String authorizationId, String idempotencyKey);

  /** Refunds a captured amount; returns the refund id. */
  String refund(String authorizationId, Money amount, String idempotencyKey);

  /**
   * The call was not made (the adapter's circuit breaker is open after repeated failures): nothing
   * happened at the gateway, so it is not an attempt; retry later with the same idempotency key.
   */
  final class GatewayUnavailableException extends RuntimeException {
    public GatewayUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The gateway gave no answer in time; the outcome is unknown, retry with the same idempotency key. */
  final class GatewayTimeoutException extends RuntimeException {
    public GatewayTimeoutException(String message) {
      super(message);
    }

    public GatewayTimeoutException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
