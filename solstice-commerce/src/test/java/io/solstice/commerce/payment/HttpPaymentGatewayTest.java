package io.solstice.commerce.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.solstice.commerce.payment.PaymentGateway.Authorization;
import io.solstice.commerce.payment.PaymentGateway.GatewayTimeoutException;
import io.solstice.commerce.shared.JsonHttp;
import io.solstice.commerce.shared.Money;
import io.solstice.commerce.shared.StubHttpServer;
import io.solstice.commerce.simulator.PaymentGatewaySimulator;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import io.solstice.pipeline.PermanentFailureException;
import org.junit.jupiter.api.Test;

/** {@link HttpPaymentGateway} over real HTTP against the {@link PaymentGatewaySimulator}. */
class HttpPaymentGatewayTest {
  // generous enough for a loaded CI machine; the slow answer stays well beyond it
  private static final Duration CLIENT_TIMEOUT = Duration.ofMillis(1_500);
  private static final Duration SLOW_ANSWER = Duration.ofSeconds(4);
  private static final Money AMOUNT = Money.of("42.50", "EUR");
  private static final ObjectMapper JSON = new ObjectMapper();

  private PaymentGatewaySimulator simulator;
  private HttpPaymentGateway gateway;

  @BeforeEach
  void start() {
    simulator = PaymentGatewaySimulator.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), SLOW_ANSWER);
    gateway = gatewayAt(simulator.uri());
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  private static HttpPaymentGateway gatewayAt(URI base) {
    return new HttpPaymentGateway(base, CLIENT_TIMEOUT, JSON);
  }

  private Authorization authorize(String token, String key) {
    return gateway.authorize("acme", "o-1", token, AMOUNT, key);
  }

  @Test
  void approvesTheApproveToken() {
    assertThat(authorize(SimulatedPaymentGateway.APPROVE, "acme:o-1:authorize"))
        .isInstanceOfSatisfying(Authorization.Approved.class, a -> assertThat(a.authorizationId()).startsWith("auth_"));
  }

  @Test
  void declinesTheDeclineToken() {
    assertThat(authorize(SimulatedPaymentGateway.DECLINE, "acme:o-1:authorize"))
        .isEqualTo(new Authorization.Declined("card declined"));
  }

  @Test
  void declinesAnUnknownToken() {
    assertThat(authorize("tok_whatever", "acme:o-1:authorize"))
        .isEqualTo(new Authorization.Declined("unknown payment token"));
  }

  @Test
  void answersExactlyAsTheEmbeddedSimulatorDoes() {
    SimulatedPaymentGateway embedded = new SimulatedPaymentGateway();
    for (String token : List.of(SimulatedPaymentGateway.APPROVE, SimulatedPaymentGateway.DECLINE, "tok_other")) {
      String key = "acme:o-7:" + token;
      assertThat(authorize(token, key)).isEqualTo(embedded.authorize("acme", "o-1", token, AMOUNT, key));
    }
    assertThat(gateway.capture("auth_1", AMOUNT, "k-capture")).isEqualTo(embedded.capture("auth_1", AMOUNT, "k-capture"));
    assertThat(gateway.refund("auth_1", AMOUNT, "k-refund")).isEqualTo(embedded.refund("auth_1", AMOUNT, "k-refund"));
  }

  @Test
  void aRepeatedKeyGetsTheFirstAuthorization() {
    Authorization first = authorize(SimulatedPaymentGateway.APPROVE, "acme:o-1:authorize");
    Authorization again = authorize(SimulatedPaymentGateway.APPROVE, "acme:o-1:authorize");
    Authorization other = authorize(SimulatedPaymentGateway.APPROVE, "acme:o-2:authorize");

    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void concurrentRequestsWithOneKeyGetOneAuthorization() throws InterruptedException, ExecutionException {
    // 16 requests at once on a busy machine: a generous time-out, since this is about idempotency, not time-outs
    HttpPaymentGateway patient = new HttpPaymentGateway(simulator.uri(), Duration.ofSeconds(30), JSON);
    List<Future<Authorization>> attempts = new ArrayList<>();
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 16; i++) {
        attempts.add(threads.submit(() -> patient.authorize("acme", "o-1", SimulatedPaymentGateway.APPROVE, AMOUNT, "acme:o-3:authorize")));
      }
    }
    Set<Authorization> outcomes = new java.util.HashSet<>();
    for (Future<Authorization> attempt : attempts) {
      outcomes.add(attempt.get());
    }
    assertThat(outcomes).hasSize(1).first().isInstanceOf(Authorization.Approved.class);
  }

  @Test
  void aKeyReusedForAnotherRequestIsRefused() {
    authorize(SimulatedPaymentGateway.APPROVE, "acme:o-1:authorize");

    assertThatThrownBy(() -> gateway.authorize("acme", "o-1", SimulatedPaymentGateway.APPROVE, Money.of("99.00", "EUR"), "acme:o-1:authorize"))
        .isExactlyInstanceOf(PermanentFailureException.class)
        .hasMessageContaining("answered 422")
        .hasMessageContaining("Idempotency-Key acme:o-1:authorize was first used");
  }

  @Test
  void capturesVoidsAndRefundsIdempotently() {
    String authorizationId = ((Authorization.Approved) authorize(SimulatedPaymentGateway.APPROVE, "acme:o-1:authorize")).authorizationId();

    String capture = gateway.capture(authorizationId, AMOUNT, "acme:o-1:capture");
    String refund = gateway.refund(authorizationId, AMOUNT, "acme:o-1:refund");
    gateway.voidAuthorization(authorizationId, "acme:o-1:void");

    assertThat(capture).startsWith("cap_").isEqualTo(gateway.capture(authorizationId, AMOUNT, "acme:o-1:capture"));
    assertThat(refund).startsWith("ref_").isEqualTo(gateway.refund(authorizationId, AMOUNT, "acme:o-1:refund"));
  }

  @Test
  void aGatewayThatAnswersTooLateTimesOut() {
    assertThatThrownBy(() -> authorize(SimulatedPaymentGateway.TIMEOUT, "acme:o-1:authorize"))
        .isInstanceOf(GatewayTimeoutException.class)
        .hasMessageContaining("no answer within 1500 ms")
        .cause().isInstanceOfSatisfying(JsonHttp.Unavailable.class, u -> assertThat(u.timedOut()).isTrue());
  }

  @Test
  void aServerErrorIsUnavailableAndTheRetryWithTheSameKeySucceeds() {
    simulator.failNext(1);

    assertThatThrownBy(() -> authorize(SimulatedPaymentGateway.APPROVE, "acme:o-1:authorize"))
        .isInstanceOf(GatewayTimeoutException.class)
        .hasMessageContaining("answered 503");
    assertThat(authorize(SimulatedPaymentGateway.APPROVE, "acme:o-1:authorize")).isInstanceOf(Authorization.Approved.class);
  }

  @Test
  void aCallWithoutIdempotencyKeyIsRefusedClearly() {
    assertThatThrownBy(() -> authorize(SimulatedPaymentGateway.APPROVE, null))
        .isExactlyInstanceOf(PermanentFailureException.class)
        .hasMessageContaining("answered 400")
        .hasMessageContaining("Idempotency-Key header is required");
  }

  @Test
  void aWrongBaseUrlIsAPermanentFailureNamingTheUrl() {
    HttpPaymentGateway misconfigured = gatewayAt(simulator.uri().resolve("v1/"));

    assertThatThrownBy(() -> misconfigured.capture("auth_1", AMOUNT, "k"))
        .isExactlyInstanceOf(PermanentFailureException.class)
        .hasMessageContaining("POST " + simulator.uri() + "v1/authorizations/auth_1/capture answered 404");
  }

  @Test
  void aRefusedConnectionIsUnavailableNotAnUnansweredAttemptNamingTheUrl() {
    URI nobody = StubHttpServer.refusingUri();

    // nothing was sent, so it must not count towards declining the order as unanswered (a gateway that is down declines nothing)
    assertThatThrownBy(() -> gatewayAt(nobody).authorize("acme", "o-1", SimulatedPaymentGateway.APPROVE, AMOUNT, "k"))
        .isInstanceOf(PaymentGateway.GatewayUnavailableException.class)
        .hasMessageContaining(nobody + "authorizations")
        .hasMessageContaining("is the service running and reachable?");
  }

  @Test
  void anAnswerThatIsNeitherApprovedNorDeclinedIsAnErrorNotADecline() {
    try (StubHttpServer odd = new StubHttpServer(200, "application/json", "{\"status\":\"pending\"}")) {
      assertThatThrownBy(() -> gatewayAt(odd.uri()).authorize("acme", "o-1", SimulatedPaymentGateway.APPROVE, AMOUNT, "k"))
          .isExactlyInstanceOf(IllegalStateException.class)
          .hasMessageContaining("{\"status\":\"pending\"}");
    }
  }

  @Test
  void aCaptureAnswerWithoutIdIsAnError() {
    try (StubHttpServer odd = new StubHttpServer(200, "application/json", "{}")) {
      assertThatThrownBy(() -> gatewayAt(odd.uri()).capture("auth_1", AMOUNT, "k"))
          .isExactlyInstanceOf(IllegalStateException.class)
          .hasMessageContaining("expected a non-empty \"captureId\"");
    }
  }
}
