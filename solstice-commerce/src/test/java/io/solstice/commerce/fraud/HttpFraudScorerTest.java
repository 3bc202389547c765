package io.solstice.commerce.fraud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.solstice.commerce.fraud.FraudScorer.ScoringUnavailableException;
import io.solstice.commerce.fraud.FraudScorer.Verdict;
import io.solstice.commerce.order.FraudVerdict;
import io.solstice.commerce.shared.JsonHttp;
import io.solstice.commerce.shared.Money;
import io.solstice.commerce.shared.StubHttpServer;
import io.solstice.commerce.simulator.FraudScoringSimulator;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link HttpFraudScorer} over real HTTP against the {@link FraudScoringSimulator}. */
class HttpFraudScorerTest {
  // generous enough for a loaded CI machine; the slow answer stays well beyond it
  private static final Duration CLIENT_TIMEOUT = Duration.ofMillis(1_500);
  private static final Duration SLOW_ANSWER = Duration.ofSeconds(4);
  private static final BigDecimal THRESHOLD = new BigDecimal("500");
  private static final ObjectMapper JSON = new ObjectMapper();

  private FraudScoringSimulator simulator;
  private HttpFraudScorer scorer;

  @BeforeEach
  void start() {
    simulator = FraudScoringSimulator.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), SLOW_ANSWER);
    scorer = scorerAt(simulator.uri());
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  private static HttpFraudScorer scorerAt(URI base) {
    return new HttpFraudScorer(base, CLIENT_TIMEOUT, JSON);
  }

  private static FraudScorer.Request order(String email, String total) {
    return new FraudScorer.Request("acme", "o-1", email, Money.of(total, "EUR"), THRESHOLD);
  }

  @Test
  void acceptsAnOrdinaryOrder() {
    Verdict verdict = scorer.score(order("ana@example.com", "42.50"));

    assertThat(verdict.verdict()).isEqualTo(FraudVerdict.ACCEPT);
    assertThat(verdict.score()).isBetween(0, 100);
  }

  @Test
  void sendsAnOrderAboveTheReviewThresholdToReview() {
    Verdict verdict = scorer.score(order("ana@example.com", "500.01"));

    assertThat(verdict.verdict()).isEqualTo(FraudVerdict.REVIEW);
    assertThat(verdict.reason()).contains("500.01 EUR").contains("review threshold 500");
  }

  @Test
  void rejectsACustomerAtTheBlockedDomain() {
    Verdict verdict = scorer.score(order("mallory@" + EmbeddedFraudScorer.FRAUD_DOMAIN, "10.00"));

    assertThat(verdict.verdict()).isEqualTo(FraudVerdict.REJECT);
    assertThat(verdict.score()).isEqualTo(100);
  }

  static Stream<FraudScorer.Request> requests() {
    return Stream.of(
        order("ana@example.com", "0.01"),
        order("ana@example.com", "500.00"),
        order("ana@example.com", "500.01"),
        order("BOB@FRAUD.TEST", "1.00"),
        order("eve@fraud.test", "9999.99"),
        new FraudScorer.Request("globex", "o-9", "x@example.com", Money.of("1000", "JPY"), new BigDecimal("999")));
  }

  @ParameterizedTest
  @MethodSource("requests")
  void answersExactlyAsTheEmbeddedScorerDoes(FraudScorer.Request request) {
    assertThat(scorer.score(request)).isEqualTo(new EmbeddedFraudScorer().score(request));
  }

  @Test
  void aScorerThatAnswersTooLateIsUnavailable() {
    assertThatThrownBy(() -> scorer.score(order("slow@" + FraudScoringSimulator.TIMEOUT_DOMAIN, "10.00")))
        .isInstanceOf(ScoringUnavailableException.class)
        .hasMessageContaining("order o-1")
        .hasMessageContaining("no answer within 1500 ms")
        .cause().isInstanceOfSatisfying(JsonHttp.Unavailable.class, u -> assertThat(u.timedOut()).isTrue());
  }

  @Test
  void aServerErrorIsUnavailableAndTheRetrySucceeds() {
    simulator.failNext(1);

    assertThatThrownBy(() -> scorer.score(order("ana@example.com", "10.00")))
        .isInstanceOf(ScoringUnavailableException.class)
        .hasMessageContaining("answered 503")
        .cause().isInstanceOfSatisfying(JsonHttp.Unavailable.class, u -> assertThat(u.timedOut()).isFalse());
    assertThat(scorer.score(order("ana@example.com", "10.00")).verdict()).isEqualTo(FraudVerdict.ACCEPT);
  }

  @Test
  void aClientErrorIsAPermanentFailureNamingTheUrlAndTheAnswer() {
    HttpFraudScorer misconfigured = scorerAt(simulator.uri().resolve("v2/"));

    assertThatThrownBy(() -> misconfigured.score(order("ana@example.com", "10.00")))
        .isExactlyInstanceOf(io.solstice.pipeline.PermanentFailureException.class)
        .hasMessageContaining("POST " + simulator.uri() + "v2/score answered 404")
        .hasMessageContaining("no such endpoint /v2/score");
  }

  @Test
  void aRefusedConnectionIsUnavailableNamingTheUrl() {
    URI nobody = StubHttpServer.refusingUri();

    assertThatThrownBy(() -> scorerAt(nobody).score(order("ana@example.com", "10.00")))
        .isInstanceOf(ScoringUnavailableException.class)
        .hasMessageContaining(nobody + "score")
        .hasMessageContaining("is the service running and reachable?");
  }

  @Test
  void anUnknownVerdictIsAnIllegalStateNotAGuess() {
    try (StubHttpServer odd = new StubHttpServer(200, "application/json", "{\"verdict\":\"maybe\",\"score\":50}")) {
      assertThatThrownBy(() -> scorerAt(odd.uri()).score(order("ana@example.com", "10.00")))
          .isExactlyInstanceOf(IllegalStateException.class)
          .hasMessageContaining("unknown verdict");
    }
  }

  @Test
  void aBaseUrlWithoutTrailingSlashIsADirectory() {
    String base = simulator.uri().toString();
    HttpFraudScorer bare = scorerAt(URI.create(base.substring(0, base.length() - 1)));
    HttpFraudScorer prefixed = scorerAt(URI.create(base + "v2"));

    assertThat(bare.score(order("ana@example.com", "10.00")).verdict()).isEqualTo(FraudVerdict.ACCEPT);
    assertThatThrownBy(() -> prefixed.score(order("ana@example.com", "10.00")))
        .hasMessageContaining(base + "v2/score answered 404");
  }

  @Test
  void isNamedAfterTheServiceHostAndPort() {
    assertThat(scorer.name()).isEqualTo(simulator.uri().getHost() + ":" + simulator.uri().getPort());
  }
}
