package io.solstice.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solstice.commerce.fraud.EmbeddedFraudScorer;
import io.solstice.commerce.fraud.FraudScorer;
import io.solstice.commerce.payment.PaymentGateway;
import io.solstice.commerce.payment.SimulatedPaymentGateway;
import io.solstice.commerce.shared.Money;
import io.solstice.pipeline.PermanentFailureException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The simulators fail their first N calls, permanently (so the input parks), then answer as usual. */
class SimulatedFaultsTest {

  @Test
  void theFraudScorerFailsItsFirstNCallsThenScores() {
    FraudScorer scorer = new SimulatedFaults(2, 0).wrap(new EmbeddedFraudScorer());
    FraudScorer.Request r = new FraudScorer.Request("acme", "o1", "ana@example.com", Money.of("10.00", "EUR"), new BigDecimal("500"));
    assertThatThrownBy(() -> scorer.score(r)).isInstanceOf(PermanentFailureException.class)
        .hasMessageContaining("simulated fraud scorer failure 1 of 2 (--fraud-fail-first)").hasMessageContaining("replay");
    assertThatThrownBy(() -> scorer.score(r)).hasMessageContaining("failure 2 of 2");
    assertThat(scorer.score(r).score()).isEqualTo(5);
  }

  @Test
  void theGatewayFailsOnlyAuthorizations() {
    PaymentGateway gateway = new SimulatedFaults(0, 1).wrap(new SimulatedPaymentGateway());
    Money amount = Money.of("10.00", "EUR");
    assertThat(gateway.capture("auth_1", amount, "k-capture")).startsWith("cap_");
    assertThatThrownBy(() -> gateway.authorize("acme", "o1", "tok_approve", amount, "k")).isInstanceOf(PermanentFailureException.class);
    assertThat(gateway.authorize("acme", "o1", "tok_approve", amount, "k")).isInstanceOf(PaymentGateway.Authorization.Approved.class);
  }

  @Test
  void noFaultsLeavesTheSimulatorsAsTheyAre() {
    EmbeddedFraudScorer scorer = new EmbeddedFraudScorer();
    assertThat(SimulatedFaults.NONE.wrap(scorer)).isSameAs(scorer);
    assertThatThrownBy(() -> new SimulatedFaults(-1, 0)).hasMessageContaining("--fraud-fail-first must be 0 or more");
  }
}
