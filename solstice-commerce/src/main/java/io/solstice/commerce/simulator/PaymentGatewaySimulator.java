package io.solstice.commerce.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.sun.net.httpserver.HttpExchange;
import io.solstice.commerce.payment.PaymentGateway;
import io.solstice.commerce.payment.PaymentGateway.Authorization;
import io.solstice.commerce.payment.PaymentGateway.GatewayTimeoutException;
import io.solstice.commerce.payment.SimulatedPaymentGateway;
import io.solstice.commerce.shared.Money;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A payment gateway that speaks the wire protocol of {@link
 * io.solstice.commerce.payment.HttpPaymentGateway} (see {@code docs/adapters.md}), for tests and
 * for operators who want to run Solstice against a remote gateway without one.
 *
 * <ul>
 *   <li>{@code POST /authorizations} {@code {"tenant","orderId","token","amount","currency"}} →
 *       {@code {"status":"approved","authorizationId":"auth_…"}} or {@code {"status":"declined","reason":"…"}}
 *   <li>{@code POST /authorizations/{id}/capture} {@code {"amount","currency"}} → {@code {"captureId":"cap_…"}}
 *   <li>{@code POST /authorizations/{id}/void} {@code {}} → {@code {}}
 *   <li>{@code POST /authorizations/{id}/refund} {@code {"amount","currency"}} → {@code {"refundId":"ref_…"}}
 * </ul>
 *
 * <p>Outcomes follow the token rules of {@link SimulatedPaymentGateway} (it delegates to it):
 * {@code tok_approve} approves, {@code tok_decline} and unknown tokens decline, and {@code
 * tok_timeout} is answered only after the configured slow-answer delay, with a 504, so the client
 * has given up by then and every attempt ends unanswered. Ids are derived from the idempotency key,
 * so they are stable even across restarts of the simulator.
 *
 * <p>Idempotency: every request must carry an {@code Idempotency-Key} header (else 400). The first
 * answer to a key is remembered; a repeated key with the same path and body gets that answer again
 * (with {@code Idempotent-Replayed: true}), a repeated key with another path or body gets 422.
 * Unanswered {@code tok_timeout} calls and simulated outages ({@link #failNext(int)}, 503) are not
 * remembered. Concurrent first uses of one key are decided once (an atomic cache load). A key is
 * remembered for the idempotency retention ({@value #DEFAULT_RETENTION_HOURS} hours by default, as
 * payment providers keep theirs), then forgotten, so a long-running simulator holds a bounded set;
 * a key used again after that is processed anew (and, ids being derived from the key, gets the
 * same ids).
 *
 * <p>Simulated faults, besides the outage: {@link #answerLateNext(int)} (authorizations processed —
 * and remembered — at once but answered after the slow-answer delay: an authorization that
 * succeeds after the client gave up) and {@link #stallBodiesNext(int)} (answers whose body stalls
 * after the headers).
 *
 * <p>Each exchange runs on its own virtual thread. Start on port 0 for a free port; {@link #close()}
 * stops listening and interrupts delayed answers.
 */
public final class PaymentGatewaySimulator implements AutoCloseable {

  /** The default slow-answer delay for {@code tok_timeout}: beyond any sensible client timeout. */
  public static final Duration DEFAULT_SLOW_ANSWER = Duration.ofSeconds(30);

  /** How long an idempotency key's answer is remembered unless told otherwise. */
  public static final int DEFAULT_RETENTION_HOURS = 24;

  private record Remembered(String path, JsonNode request, SimulatorHttp.Answer answer) {}

  private final PaymentGateway rules = new SimulatedPaymentGateway();
  private final Cache<String, Remembered> outcomes;
  private final long slowAnswerMillis;
  private final SimulatorHttp http;
  private final java.util.concurrent.atomic.AtomicInteger late = new java.util.concurrent.atomic.AtomicInteger();

  private PaymentGatewaySimulator(InetSocketAddress address, Duration slowAnswer, Duration retention, LongSupplier nanoTime) {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(slowAnswer, "slowAnswer");
    Objects.requireNonNull(retention, "retention");
    Objects.requireNonNull(nanoTime, "nanoTime");
    if (slowAnswer.isNegative()) {
      throw new IllegalArgumentException("slowAnswer must not be negative, was " + slowAnswer);
    }
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("the idempotency retention must be positive, was " + retention);
    }
    this.slowAnswerMillis = slowAnswer.toMillis();
    this.outcomes = Caffeine.newBuilder().expireAfterWrite(retention).ticker(nanoTime::getAsLong).executor(Runnable::run).build();
    this.http = SimulatorHttp.start("payment gateway simulator", address, this::handle);
  }

  /** Starts on a free loopback port with the default slow-answer delay. */
  public static PaymentGatewaySimulator start() {
    return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), DEFAULT_SLOW_ANSWER);
  }

  /** Starts on {@code address} (port 0 picks a free port); {@code tok_timeout} calls wait {@code slowAnswer}. */
  public static PaymentGatewaySimulator start(InetSocketAddress address, Duration slowAnswer) {
    return start(address, slowAnswer, Duration.ofHours(DEFAULT_RETENTION_HOURS), System::nanoTime);
  }

  /**
   * Starts on {@code address}, remembering each idempotency key's answer for {@code retention} as
   * measured by {@code nanoTime} (a monotonic clock in nanoseconds; tests pass a fake one).
   */
  public static PaymentGatewaySimulator start(InetSocketAddress address, Duration slowAnswer, Duration retention, LongSupplier nanoTime) {
    return new PaymentGatewaySimulator(address, slowAnswer, retention, nanoTime);
  }

  /** How many idempotency keys are remembered now, after forgetting the expired ones. */
  public long rememberedKeys() {
    outcomes.cleanUp();
    return outcomes.estimatedSize();
  }

  /** The base URL to give {@link io.solstice.commerce.payment.HttpPaymentGateway}, e.g. {@code http://127.0.0.1:41234/}. */
  public URI uri() {
    return http.uri();
  }

  /** The next {@code requests} requests answer 503 without being processed (a simulated outage). */
  public void failNext(int requests) {
    http.failNext(requests);
  }

  /**
   * The next {@code requests} authorization requests are processed and remembered at once, but
   * answered only after the slow-answer delay: the client has given up by then, though the
   * authorization succeeded (a repeat of its key is answered at once).
   */
  public void answerLateNext(int requests) {
    if (requests < 0) {
      throw new IllegalArgumentException("requests to answer late must be >= 0, was " + requests);
    }
    late.set(requests);
  }

  /** The next {@code answers} answers send their headers and half their body, then stall for the slow-answer delay. */
  public void stallBodiesNext(int answers) {
    http.stallBodiesNext(answers, slowAnswerMillis);
  }

  /** The paths of every request received so far, in arrival order (e.g. {@code /authorizations/auth_…/void}). */
  public List<String> requests() {
    return http.paths();
  }

  private SimulatorHttp.Answer handle(HttpExchange exchange, JsonNode body) throws InterruptedException {
    String path = exchange.getRequestURI().getPath();
    String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
    if (key == null || key.isBlank()) {
      throw new SimulatorHttp.Reject(400, "the Idempotency-Key header is required on every gateway call");
    }
    Remembered known = outcomes.getIfPresent(key);
    if (known == null && path.equals("/authorizations") && SimulatedPaymentGateway.TIMEOUT.equals(body.path("token").asText())) {
      SimulatorHttp.delay(slowAnswerMillis);
      return new SimulatorHttp.Answer(504, SimulatorHttp.object().put("error", "token " + SimulatedPaymentGateway.TIMEOUT
          + " is never answered in time (simulated)"));
    }
    boolean[] first = {false};
    Remembered outcome = known != null ? known : outcomes.get(key, k -> {
      first[0] = true;
      return new Remembered(path, body, process(path, body, k));
    });
    if (!outcome.path().equals(path) || !outcome.request().equals(body)) {
      throw new SimulatorHttp.Reject(422, "Idempotency-Key " + key + " was first used for POST " + outcome.path()
          + " with another request; use a new key for a new request");
    }
    if (!first[0]) {
      exchange.getResponseHeaders().set("Idempotent-Replayed", "true");
    }
    if (path.equals("/authorizations") && late.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      SimulatorHttp.delay(slowAnswerMillis);
    }
    return outcome.answer();
  }

  private SimulatorHttp.Answer process(String path, JsonNode body, String key) {
    String[] parts = path.split("/");
    if (parts.length == 2 && parts[1].equals("authorizations")) {
      Money amount = positive(body);
      Authorization outcome;
      try {
        outcome = rules.authorize(SimulatorHttp.requiredText(body, "tenant"), SimulatorHttp.requiredText(body, "orderId"),
            SimulatorHttp.requiredText(body, "token"), amount, key);
      } catch (GatewayTimeoutException e) {
        throw new IllegalStateException("unreachable: " + SimulatedPaymentGateway.TIMEOUT + " is answered before processing", e);
      }
      return SimulatorHttp.ok(switch (outcome) {
        case Authorization.Approved approved -> SimulatorHttp.object().put("status", "approved").put("authorizationId", approved.authorizationId());
        case Authorization.Declined declined -> SimulatorHttp.object().put("status", "declined").put("reason", declined.reason());
      });
    }
    if (parts.length == 4 && parts[1].equals("authorizations") && !parts[2].isBlank()) {
      String authorizationId = parts[2];
      return switch (parts[3]) {
        case "capture" -> SimulatorHttp.ok(SimulatorHttp.object().put("captureId", rules.capture(authorizationId, positive(body), key)));
        case "refund" -> SimulatorHttp.ok(SimulatorHttp.object().put("refundId", rules.refund(authorizationId, positive(body), key)));
        case "void" -> {
          rules.voidAuthorization(authorizationId, key);
          yield SimulatorHttp.ok(SimulatorHttp.object());
        }
        default -> throw notFound(path);
      };
    }
    throw notFound(path);
  }

  private static Money positive(JsonNode body) {
    Money amount = SimulatorHttp.money(SimulatorHttp.requiredText(body, "amount"), SimulatorHttp.requiredText(body, "currency"));
    if (!amount.isPositive()) {
      throw new SimulatorHttp.Reject(400, "amount must be positive, was " + amount);
    }
    return amount;
  }

  private static SimulatorHttp.Reject notFound(String path) {
    return new SimulatorHttp.Reject(404, "no such endpoint " + path
        + "; the gateway answers POST /authorizations and POST /authorizations/{id}/capture|void|refund");
  }

  @Override
  public void close() {
    http.close();
  }
}
