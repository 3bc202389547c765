package io.solstice.commerce.fraud;

import io.solstice.commerce.order.FraudVerdict;
import io.solstice.commerce.shared.Money;
import java.math.BigDecimal;

/**
 * Scores an order for fraud. Implementations: {@link EmbeddedFraudScorer} (deterministic, the
 * embedded default) and {@link HttpFraudScorer} (a scoring service by URL). A scorer may throw
 * {@link ScoringUnavailableException}; the {@code fraud} service then retries with backoff.
 */
public interface FraudScorer {

  /** What a scorer needs to know about an order. */
  record Request(String tenant, String orderId, String customerEmail, Money total, BigDecimal reviewThreshold) {}

  /** The verdict, a score from 0 (safe) to 100 (fraud), and a short reason. */
  record Verdict(FraudVerdict verdict, int score, String reason) {}

  Verdict score(Request request);

  /** A short name recorded with each verdict, e.g. {@code embedded} or the service's host. */
  String name();

  /** The scorer could not answer (down, timed out); try again later. */
  final class ScoringUnavailableException extends RuntimeException {
    public ScoringUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
