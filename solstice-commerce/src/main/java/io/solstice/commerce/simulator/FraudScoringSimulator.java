package io.solstice.commerce.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import io.solstice.commerce.fraud.EmbeddedFraudScorer;
import io.solstice.commerce.fraud.FraudScorer;
import io.solstice.commerce.shared.Money;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A fraud scoring service that speaks the wire protocol of {@link
 * io.solstice.commerce.fraud.HttpFraudScorer} (see {@code docs/adapters.md}), for tests and for
 * operators who want to run Solstice against a remote scorer without one.
 *
 * <p>{@code POST /score} with {@code {"tenant","orderId","customerEmail","total","currency","reviewThreshold"}}
 * answers {@code {"verdict":"accept|review|reject","score":0-100,"reason":"…"}} by the rules of
 * {@link EmbeddedFraudScorer} (it delegates to it, so the two cannot drift apart). One rule only a
 * remote service has: a customer e-mail at {@value #TIMEOUT_DOMAIN} is answered only after the
 * configured slow-answer delay, later than the client's timeout. A malformed request answers 400,
 * an unknown path 404, a method other than POST 405, and {@link #failNext(int)} simulates an
 * outage (503). Scoring is a pure function of the request, so the {@code Idempotency-Key} header is
 * accepted and needs no memory.
 *
 * <p>Each exchange runs on its own virtual thread. Start on port 0 for a free port; {@link #close()}
 * stops listening and interrupts delayed answers.
 */
public final class FraudScoringSimulator implements AutoCloseable {

  /** Customers at this e-mail domain are scored only after the slow-answer delay. */
  public static final String TIMEOUT_DOMAIN = "timeout.test";

  /** The default slow-answer delay: beyond any sensible client timeout. */
  public static final Duration DEFAULT_SLOW_ANSWER = Duration.ofSeconds(30);

  private final FraudScorer rules = new EmbeddedFraudScorer();
  private final long slowAnswerMillis;
  private final SimulatorHttp http;

  private FraudScoringSimulator(InetSocketAddress address, Duration slowAnswer) {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(slowAnswer, "slowAnswer");
    if (slowAnswer.isNegative()) {
      throw new IllegalArgumentException("slowAnswer must not be negative, was " + slowAnswer);
    }
    this.slowAnswerMillis = slowAnswer.toMillis();
    this.http = SimulatorHttp.start("fraud scoring simulator", address, this::handle);
  }

  /** Starts on a free loopback port with the default slow-answer delay. */
  public static FraudScoringSimulator start() {
    return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), DEFAULT_SLOW_ANSWER);
  }

  /** Starts on {@code address} (port 0 picks a free port); {@value #TIMEOUT_DOMAIN} customers wait {@code slowAnswer}. */
  public static FraudScoringSimulator start(InetSocketAddress address, Duration slowAnswer) {
    return new FraudScoringSimulator(address, slowAnswer);
  }

  /** The base URL to give {@link io.solstice.commerce.fraud.HttpFraudScorer}, e.g. {@code http://127.0.0.1:41234/}. */
  public URI uri() {
    return http.uri();
  }

  /** The next {@code requests} requests answer 503 without being scored (a simulated outage). */
  public void failNext(int requests) {
    http.failNext(requests);
  }

  /** The paths of every request received so far, in arrival order. */
  public java.util.List<String> requests() {
    return http.paths();
  }

  private SimulatorHttp.Answer handle(HttpExchange exchange, JsonNode body) throws InterruptedException {
    if (!"/score".equals(exchange.getRequestURI().getPath())) {
      throw new SimulatorHttp.Reject(404, "no such endpoint " + exchange.getRequestURI().getPath() + "; the scorer answers POST /score");
    }
    FraudScorer.Request request = parse(body);
    if (request.customerEmail().toLowerCase(Locale.ROOT).endsWith("@" + TIMEOUT_DOMAIN)) {
      SimulatorHttp.delay(slowAnswerMillis);
    }
    FraudScorer.Verdict verdict = rules.score(request);
    return SimulatorHttp.ok(SimulatorHttp.object()
        .put("verdict", verdict.verdict().name().toLowerCase(Locale.ROOT))
        .put("score", verdict.score())
        .put("reason", verdict.reason()));
  }

  private static FraudScorer.Request parse(JsonNode body) {
    String tenant = SimulatorHttp.requiredText(body, "tenant");
    String orderId = SimulatorHttp.requiredText(body, "orderId");
    String email = SimulatorHttp.requiredText(body, "customerEmail");
    Money total = SimulatorHttp.money(SimulatorHttp.requiredText(body, "total"), SimulatorHttp.requiredText(body, "currency"));
    BigDecimal threshold = SimulatorHttp.decimal("reviewThreshold", SimulatorHttp.requiredText(body, "reviewThreshold"));
    return new FraudScorer.Request(tenant, orderId, email, total, threshold);
  }

  @Override
  public void close() {
    http.close();
  }
}
