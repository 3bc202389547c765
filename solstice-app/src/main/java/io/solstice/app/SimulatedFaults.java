package io.solstice.app;

import io.solstice.commerce.fraud.FraudScorer;
import io.solstice.commerce.payment.PaymentGateway;
import io.solstice.commerce.shared.Money;
import io.solstice.pipeline.PermanentFailureException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Failures injected into the embedded simulators, for demos and tests of dead letters: the fraud
 * scorer fails its first {@code fraudFailures} calls, the payment gateway its first {@code
 * paymentFailures} authorizations ({@code --fraud-fail-first N}, {@code --payment-fail-first N}).
 *
 * <p>Each injected failure is permanent, as a {@code 4xx} answer is: the input parks at once as a
 * dead letter (no retries, the stream goes on), so an operator sees it in {@code solstice dlq list}
 * and the console. Replaying it calls the simulator again: once the N failures are used up, the
 * call succeeds and the letter is resolved. Calls are counted across tenants and orders, in the
 * order they happen; 0 (the default) injects nothing.
 *
 * @param fraudFailures how many fraud scoring calls fail, at least 0
 * @param paymentFailures how many payment authorizations fail, at least 0
 */
public record SimulatedFaults(int fraudFailures, int paymentFailures) {

  /** No injected failures. */
  public static final SimulatedFaults NONE = new SimulatedFaults(0, 0);

  public SimulatedFaults {
    if (fraudFailures < 0) {
      throw new IllegalArgumentException("--fraud-fail-first must be 0 or more, was " + fraudFailures);
    }
    if (paymentFailures < 0) {
      throw new IllegalArgumentException("--payment-fail-first must be 0 or more, was " + paymentFailures);
    }
  }

  /** True when nothing is injected. */
  public boolean none() {
    return fraudFailures == 0 && paymentFailures == 0;
  }

  /** {@code scorer}, failing its first {@code fraudFailures} calls. */
  FraudScorer wrap(FraudScorer scorer) {
    if (fraudFailures == 0) {
      return scorer;
    }
    Countdown left = new Countdown("fraud scorer", "--fraud-fail-first", fraudFailures);
    return new FraudScorer() {
      @Override
      public Verdict score(Request request) {
        left.failOrPass("scoring order " + request.orderId() + " of tenant " + request.tenant());
        return scorer.score(request);
      }

      @Override
      public String name() {
        return scorer.name();
      }
    };
  }

  /** {@code gateway}, failing its first {@code paymentFailures} authorizations (captures, voids and refunds pass). */
  PaymentGateway wrap(PaymentGateway gateway) {
    if (paymentFailures == 0) {
      return gateway;
    }
    Countdown left = new Countdown("payment gateway", "--payment-fail-first", paymentFailures);
    return new PaymentGateway() {
      @Override
      public Authorization authorize(String tenant, String orderId, String paymentToken, Money amount, String idempotencyKey) {
        left.failOrPass("authorizing order " + orderId + " of tenant " + tenant);
        return gateway.authorize(tenant, orderId, paymentToken, amount, idempotencyKey);
      }

      @Override
      public String capture(String authorizationId, Money amount, String idempotencyKey) {
        return gateway.capture(authorizationId, amount, idempotencyKey);
      }

      @Override
      public void voidAuthorization(String authorizationId, String idempotencyKey) {
        gateway.voidAuthorization(authorizationId, idempotencyKey);
      }

      @Override
      public String refund(String authorizationId, Money amount, String idempotencyKey) {
        return gateway.refund(authorizationId, amount, idempotencyKey);
      }
    };
  }

  /** Counts the calls that still fail. */
  private static final class Countdown {
    private final String party;
    private final String flag;
    private final int total;
    private final AtomicInteger failed = new AtomicInteger();

    Countdown(String party, String flag, int total) {
      this.party = party;
      this.flag = flag;
      this.total = total;
    }

    void failOrPass(String what) {
      int n = failed.incrementAndGet();
      if (n <= total) {
        throw new PermanentFailureException("simulated " + party + " failure " + n + " of " + total + " (" + flag + ") while " + what
            + "; replay the dead letter to call it again");
      }
    }
  }
}
