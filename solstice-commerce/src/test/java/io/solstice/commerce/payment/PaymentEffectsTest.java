package io.solstice.commerce.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solstice.commerce.Categories;
import io.solstice.commerce.payment.PaymentService.Output;
import io.solstice.commerce.shared.Money;
import io.solstice.core.EventData;
import io.solstice.core.EventMetadata;
import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import io.solstice.core.memory.MemoryStore;
import io.solstice.core.store.ExpectedVersion;
import io.solstice.pipeline.EffectContext;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * What the payment service does at the gateway and records in the payment's stream, for each
 * decision: authorizations (approved, declined, timed out, given up and reconciled), captures,
 * voids and refunds, each with the operation's idempotency key.
 */
class PaymentEffectsTest {
  private final MemoryStore store = new MemoryStore().withTenants("acme");
  private final Categories c = Categories.on(store);
  private final PaymentTokens tokens = PaymentTokens.ephemeral();
  private final PaymentMethod method = tokens.seal("acme", "o1", "tok_card");
  private final ScriptedGateway gateway = new ScriptedGateway();
  private static final Money TOTAL = Money.of("57.69", "EUR");
  private final EffectContext ctx;

  PaymentEffectsTest() {
    StreamName order = StreamName.of("acme", "Order", "o1");
    store.append(order, ExpectedVersion.ANY, List.of(EventData.of("Placed", "{}".getBytes())));
    RecordedEvent trigger = store.read(order, 0, 1).getFirst();
    ctx = EffectContext.forTest(PaymentService.NAME, trigger);
  }

  /** A gateway answering authorizations from a script (an answer, or null for a time-out) and recording every call. */
  static final class ScriptedGateway implements PaymentGateway {
    final Deque<Authorization> answers = new LinkedList<>(); // null: no answer in time
    final List<String> calls = new ArrayList<>();

    @Override
    public Authorization authorize(String tenant, String orderId, String paymentToken, Money amount, String idempotencyKey) {
      calls.add("authorize " + paymentToken + " " + amount + " " + idempotencyKey);
      Authorization next = answers.poll();
      if (next == null) {
        throw new GatewayTimeoutException("no answer");
      }
      return next;
    }

    @Override
    public String capture(String authorizationId, Money amount, String idempotencyKey) {
      calls.add("capture " + authorizationId + " " + amount + " " + idempotencyKey);
      return "cap-1";
    }

    @Override
    public void voidAuthorization(String authorizationId, String idempotencyKey) {
      calls.add("void " + authorizationId + " " + idempotencyKey);
    }

    @Override
    public String refund(String authorizationId, Money amount, String idempotencyKey) {
      calls.add("refund " + authorizationId + " " + amount + " " + idempotencyKey);
      return "ref-1";
    }
  }

  private void interpret(Output out) {
    PaymentService.interpret(c, gateway, tokens, out, ctx);
  }

  private Payment.State payment() {
    return c.payments().decider("acme", "o1").query(Function.identity());
  }

  private void record(Payment.Event... events) {
    c.payments().decider("acme", "o1").transact(s -> List.of(events));
  }

  private Output.Authorize authorize(int attempt, int maxAttempts) {
    return new Output.Authorize("acme", "o1", method, TOTAL, attempt, maxAttempts);
  }

  @Test
  void anApprovedAuthorizationIsRecordedWithItsAmount() {
    gateway.answers.add(new PaymentGateway.Authorization.Approved("auth-1"));

    interpret(authorize(1, 3));

    assertThat(gateway.calls).containsExactly("authorize tok_card 57.69 EUR acme:o1:authorize");
    assertThat(payment()).isEqualTo(new Payment.State(Payment.Stage.AUTHORIZED, 0, "auth-1", TOTAL, false));
  }

  @Test
  void aDeclinedAuthorizationIsRecordedWithTheGatewaysReason() {
    gateway.answers.add(new PaymentGateway.Authorization.Declined("insufficient funds"));

    interpret(authorize(1, 3));

    assertThat(payment().stage()).isEqualTo(Payment.Stage.DECLINED);
    assertThat(c.store().read(Payment.stream("acme", "o1"), 0, 10)).extracting(RecordedEvent::type).containsExactly("Declined");
  }

  @Test
  void aTimeOutBeforeTheLastAttemptIsRecordedAndRetriedLater() {
    assertThatThrownBy(() -> interpret(authorize(2, 3))).isInstanceOf(PaymentService.RetryLater.class)
        .hasMessage("authorization of order o1 (tenant acme) timed out, attempt 2 of 3; retrying with backoff");

    assertThat(payment()).isEqualTo(new Payment.State(Payment.Stage.NEW, 2, null, null, false));
  }

  @Test
  void aTimeOutAtTheLastAttemptGivesUpAndVoidsALateApprovalAtOnce() {
    gateway.answers.add(null); // the last attempt: no answer
    gateway.answers.add(new PaymentGateway.Authorization.Approved("auth-late")); // asked again: it had approved

    interpret(authorize(3, 3));

    assertThat(gateway.calls).containsExactly("authorize tok_card 57.69 EUR acme:o1:authorize",
        "authorize tok_card 57.69 EUR acme:o1:authorize", "void auth-late acme:o1:void");
    assertThat(payment().stage()).isEqualTo(Payment.Stage.VOIDED);
    assertThat(payment().unresolved()).isFalse();
  }

  @Test
  void aGivenUpAuthorizationThatTheGatewayDeclinedIsResolvedWithoutAVoid() {
    gateway.answers.add(null);
    gateway.answers.add(new PaymentGateway.Authorization.Declined("card declined"));

    interpret(authorize(3, 3));

    assertThat(gateway.calls).noneMatch(call -> call.startsWith("void"));
    assertThat(payment()).isEqualTo(new Payment.State(Payment.Stage.DECLINED, 3, null, null, false));
  }

  @Test
  void aGivenUpAuthorizationStillUnansweredStaysUnresolvedAndIsAskedAgainLater() {
    assertThatThrownBy(() -> interpret(authorize(3, 3))).isInstanceOf(PaymentService.RetryLater.class)
        .hasMessageContaining("was given up unanswered and the gateway still does not answer");
    assertThat(payment().stage()).isEqualTo(Payment.Stage.DECLINED);
    assertThat(payment().unresolved()).isTrue();

    gateway.answers.add(new PaymentGateway.Authorization.Approved("auth-late"));
    interpret(new Output.Reconcile("acme", "o1", method, TOTAL));

    assertThat(gateway.calls).last().isEqualTo("void auth-late acme:o1:void");
    assertThat(payment().stage()).isEqualTo(Payment.Stage.VOIDED);
  }

  @Test
  void anAuthorizationAbandonedWhenTheOrderClosedIsAskedAgainAndALateApprovalVoided() {
    record(new Payment.AttemptTimedOut(1));
    gateway.answers.add(new PaymentGateway.Authorization.Approved("auth-late"));

    interpret(new Output.Abandon("acme", "o1", method, TOTAL));

    assertThat(gateway.calls).containsExactly("authorize tok_card 57.69 EUR acme:o1:authorize", "void auth-late acme:o1:void");
    assertThat(payment().stage()).isEqualTo(Payment.Stage.VOIDED);
  }

  @Test
  void anAuthorizationAbandonedStillUnansweredStaysUnresolvedForTheNextAttempt() {
    record(new Payment.AttemptTimedOut(1), new Payment.AttemptTimedOut(2));

    assertThatThrownBy(() -> interpret(new Output.Abandon("acme", "o1", method, TOTAL))).isInstanceOf(PaymentService.RetryLater.class);

    assertThat(payment()).isEqualTo(new Payment.State(Payment.Stage.DECLINED, 2, null, null, true));
  }

  @Test
  void aTokenThatCannotBeOpenedDeclinesWithoutCallingTheGateway() {
    PaymentMethod foreign = PaymentTokens.fromSecret(new byte[32]).seal("acme", "o1", "tok_card"); // another installation's key

    interpret(new Output.Authorize("acme", "o1", foreign, TOTAL, 1, 3));

    assertThat(gateway.calls).isEmpty();
    assertThat(payment().stage()).isEqualTo(Payment.Stage.DECLINED);
  }

  @Test
  void aCaptureIsAskedWithItsKeyAndRecorded() {
    record(new Payment.Authorized("auth-1", TOTAL));

    interpret(new Output.Capture("acme", "o1", "auth-1", TOTAL));

    assertThat(gateway.calls).containsExactly("capture auth-1 57.69 EUR acme:o1:capture");
    assertThat(payment().stage()).isEqualTo(Payment.Stage.CAPTURED);
  }

  @Test
  void aVoidIsAskedWithItsKeyAndRecorded() {
    record(new Payment.Authorized("auth-1", TOTAL));

    interpret(new Output.Void("acme", "o1", "auth-1"));

    assertThat(gateway.calls).containsExactly("void auth-1 acme:o1:void");
    assertThat(payment().stage()).isEqualTo(Payment.Stage.VOIDED);
  }

  @Test
  void aRefundIsAskedWithItsKeyAndRecorded() {
    record(new Payment.Authorized("auth-1", TOTAL), new Payment.Captured("cap-1", TOTAL));

    interpret(new Output.Refund("acme", "o1", "auth-1", TOTAL));

    assertThat(gateway.calls).containsExactly("refund auth-1 57.69 EUR acme:o1:refund");
    assertThat(payment().stage()).isEqualTo(Payment.Stage.REFUNDED);
  }

  @Test
  void aSkipTouchesNeitherTheGatewayNorTheStore() {
    long head = store.headPosition();

    interpret(new Output.Skip("nothing to do"));

    assertThat(gateway.calls).isEmpty();
    assertThat(store.headPosition()).isEqualTo(head);
  }
}
