package io.solstice.commerce.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.solstice.commerce.shared.InvalidInputException;
import io.solstice.commerce.shared.Money;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The small JSON-over-HTTP plumbing the simulators share: a JDK {@link HttpServer} answering on
 * virtual threads (one per exchange, never pooled), JSON request bodies and answers, and errors as
 * {@code {"error":"…"}} with a status code, and simulated faults: an outage (the next n requests
 * answer 503) and stalled answers (the next n answers send their headers and half their body, then
 * stall for a delay). Every request's path is recorded. Package-private: the simulators are the API.
 */
final class SimulatorHttp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SimulatorHttp.class);
  /** Reads requests with the limits for untrusted JSON (numbers, nesting, sizes) and writes answers. */
  static final ObjectMapper JSON = io.solstice.core.codec.Json.untrustedBuilder().build();

  /** A failed request: answered with {@code status} and {@code {"error": message}}. */
  static final class Reject extends RuntimeException {
    final int status;

    Reject(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  /** Handles one exchange whose method is POST and body is JSON; returns the status and answer. */
  interface JsonHandler {
    Answer handle(HttpExchange exchange, JsonNode body) throws InterruptedException;
  }

  /** A status code and a JSON answer. */
  record Answer(int status, JsonNode body) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final String name;
  private final JsonHandler handler;
  private final AtomicInteger outage = new AtomicInteger();
  private final AtomicInteger stalls = new AtomicInteger();
  private final java.util.Queue<String> paths = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private volatile long stallMillis;

  private SimulatorHttp(HttpServer server, ExecutorService executor, String name, JsonHandler handler) {
    this.server = server;
    this.executor = executor;
    this.name = name;
    this.handler = handler;
  }

  /** Binds {@code address} (port 0 picks a free port) and serves {@code handler} for every path. */
  static SimulatorHttp start(String name, InetSocketAddress address, JsonHandler handler) {
    HttpServer server;
    try {
      server = HttpServer.create(address, 0);
    } catch (IOException e) {
      throw new UncheckedIOException("the " + name + " cannot listen on " + address + ": " + e.getMessage()
          + "; choose another port (0 picks a free one)", e);
    }
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    SimulatorHttp simulator = new SimulatorHttp(server, executor, name, handler);
    server.createContext("/", simulator::serve);
    server.start();
    log.info("{} listening on {}", name, server.getAddress());
    return simulator;
  }

  /** The next {@code requests} requests answer 503 without being processed (a simulated outage). */
  void failNext(int requests) {
    if (requests < 0) {
      throw new IllegalArgumentException("requests to fail must be >= 0, was " + requests);
    }
    outage.set(requests);
  }

  /** The next {@code answers} answers send their headers and half their body, then stall {@code millis} before the rest. */
  void stallBodiesNext(int answers, long millis) {
    if (answers < 0 || millis < 0) {
      throw new IllegalArgumentException("answers and millis to stall must be >= 0, were " + answers + " and " + millis);
    }
    stallMillis = millis;
    stalls.set(answers);
  }

  /** The paths of every request received so far, in arrival order. */
  java.util.List<String> paths() {
    return java.util.List.copyOf(paths);
  }

  /** The base URL, e.g. {@code http://127.0.0.1:41234/}. */
  URI uri() {
    InetSocketAddress address = server.getAddress();
    return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + "/");
  }

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  static Answer ok(JsonNode body) {
    return new Answer(200, body);
  }

  /** The text of a required string field, or a 400 naming it. */
  static String requiredText(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new Reject(400, "field '" + field + "' is required (a non-empty string)");
    }
    return value.asText();
  }

  /** An amount in a currency, or a 400 naming the bad value. */
  static Money money(String amount, String currency) {
    BigDecimal value = decimal("amount", amount);
    try {
      return new Money(value, currency);
    } catch (InvalidInputException e) {
      throw new Reject(400, e.getMessage());
    }
  }

  /** A decimal sent as a string, or a 400 naming the field. */
  static BigDecimal decimal(String field, String text) {
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw new Reject(400, "field '" + field + "' must be a decimal number as a string, e.g. \"42.50\", was '" + text + "'");
    }
  }

  /** Sleeps {@code millis}; the simulator's way of answering too late. */
  static void delay(long millis) throws InterruptedException {
    Thread.sleep(millis);
  }

  private void serve(HttpExchange exchange) {
    paths.add(exchange.getRequestURI().getPath());
    try (exchange) {
      Answer answer;
      try {
        if (outage.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          exchange.getResponseHeaders().set("Retry-After", "1");
          throw new Reject(503, name + " is in a simulated outage; retry later with the same Idempotency-Key");
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
          exchange.getResponseHeaders().set("Allow", "POST");
          throw new Reject(405, exchange.getRequestMethod() + " is not supported; every call is a POST with a JSON body");
        }
        answer = handler.handle(exchange, readBody(exchange));
      } catch (Reject e) {
        answer = new Answer(e.status, object().put("error", e.getMessage()));
      } catch (InterruptedException e) {
        return; // the simulator is closing: drop the exchange
      } catch (RuntimeException e) {
        log.warn("simulator failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
        answer = new Answer(500, object().put("error", "simulator failure: " + e));
      }
      byte[] bytes = JSON.writeValueAsBytes(answer.body());
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(answer.status(), bytes.length);
      if (stalls.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        exchange.getResponseBody().write(bytes, 0, bytes.length / 2);
        exchange.getResponseBody().flush();
        try {
          delay(stallMillis);
        } catch (InterruptedException e) {
          return; // the simulator is closing
        }
        exchange.getResponseBody().write(bytes, bytes.length / 2, bytes.length - bytes.length / 2);
      } else {
        exchange.getResponseBody().write(bytes);
      }
    } catch (IOException e) {
      // the client went away (e.g. it timed out before a delayed answer): nothing to answer
      log.debug("could not answer {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
    }
  }

  private static JsonNode readBody(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readAllBytes();
      if (bytes.length == 0) {
        return object();
      }
      try {
        JsonNode body = JSON.readTree(bytes);
        if (body == null || !body.isObject()) {
          throw new Reject(400, "the request body must be a JSON object");
        }
        return body;
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new Reject(400, "the request body is not valid JSON: " + e.getOriginalMessage());
      } catch (io.solstice.core.codec.NumberOutOfRangeException e) {
        throw new Reject(400, "the request body holds a number out of range: " + e.getMessage());
      }
    }
  }

  /** Stops listening at once and interrupts answers still being delayed. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    log.info("{} stopped", name);
  }
}
