package io.solstice.app.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives shoppers through the HTTP API: each order of a {@link ShopperMix} is one shopper on its own
 * virtual thread — create a cart, add the lines, check out (with an {@code Idempotency-Key}), then
 * play the order's {@link Scenario}: cancel it, decide its review, ship it (in one or two shipments)
 * and confirm deliveries — and, with {@link Settings#settleInline}, wait for the order to reach its
 * final status.
 *
 * <p>Concurrency: at most {@link Settings#shoppers} shoppers run at once (a {@link Semaphore}; a new
 * shopper starts when one finishes). With a {@link Settings#rate} the n-th shopper starts no earlier
 * than {@code n / rate} seconds after the first (an open-loop schedule, held back only by the
 * shopper limit). Orders go to the tenants in turn. Every wait on the server is a poll of {@code
 * GET /orders/{id}} with a growing pause (20 ms to 200 ms) bounded by {@link Settings#settleTimeout}.
 *
 * <p>After the shoppers, {@link #settle} polls every order not yet at its final status (with a
 * bounded number of pollers) until it is, or the timeout passes. Errors never stop the run: they
 * are recorded on the order and reported.
 */
public final class TrafficGenerator {
  private static final long FIRST_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  /**
   * How to drive the shoppers.
   *
   * @param shoppers how many shoppers run at once (1-10,000)
   * @param rate the target rate of new orders per second, or 0 for as fast as the shoppers go
   * @param settleTimeout how long to wait for one order to reach a status
   * @param settleInline whether each shopper waits for its order's final status before finishing
   * @param pollConfirmation whether shoppers whose order must confirm poll until it has (the latency
   *     source when no mail directory is watched)
   */
  public record Settings(int shoppers, double rate, Duration settleTimeout, boolean settleInline, boolean pollConfirmation) {
    public Settings {
      if (shoppers < 1 || shoppers > 10_000) {
        throw new IllegalArgumentException("--shoppers must be 1-10000, was " + shoppers);
      }
      if (rate < 0 || Double.isNaN(rate)) {
        throw new IllegalArgumentException("--rate must be 0 (as fast as possible) or a positive number of orders per second, was " + rate);
      }
      Objects.requireNonNull(settleTimeout, "settleTimeout");
    }
  }

  /** When to stop starting shoppers: after a number of orders, or after a duration. */
  public sealed interface Limit {
    /** Exactly {@code orders} orders over all tenants. */
    record Orders(long orders) implements Limit {}

    /** As many orders as start within {@code duration}. */
    record Time(Duration duration) implements Limit {}
  }

  /** The outcome of the shopping phase: every order and the time it took. */
  public record Run(List<OrderRecord> orders, long startNanos, long endNanos) {
    /** Seconds from the first shopper's start to the last checkout's answer. */
    public double seconds() {
      return Math.max(1e-9, (endNanos - startNanos) / 1e9);
    }
  }

  private final ApiClient api;
  private final Settings settings;
  private final TrafficProgress progress;

  public TrafficGenerator(ApiClient api, Settings settings, TrafficProgress progress) {
    this.api = api;
    this.settings = settings;
    this.progress = progress;
  }

  /**
   * Runs shoppers for the orders of {@code mix} over {@code shops} until {@code limit}; returns when
   * every shopper has finished. {@code runId} makes the idempotency keys unique to this run.
   */
  public Run run(List<Shop> shops, ShopperMix mix, Limit limit, String runId) throws InterruptedException {
    List<OrderRecord> records = Collections.synchronizedList(new ArrayList<>());
    Semaphore slots = new Semaphore(settings.shoppers());
    long start = System.nanoTime();
    long deadline = limit instanceof Limit.Time t ? start + t.duration().toNanos() : Long.MAX_VALUE;
    long total = limit instanceof Limit.Orders o ? o.orders() : Long.MAX_VALUE;
    long[] lastCheckout = {start};
    try (ExecutorService shoppers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (long n = 0; n < total; n++) {
        if (settings.rate() > 0) {
          long due = start + (long) (n * 1e9 / settings.rate());
          while (System.nanoTime() < due) {
            LockSupport.parkNanos(due - System.nanoTime());
          }
        }
        slots.acquire();
        if (System.nanoTime() >= deadline) {
          slots.release();
          break;
        }
        Shop shop = shops.get((int) (n % shops.size()));
        OrderRecord record = new OrderRecord(shop, mix.plan(shop.index(), n / shops.size()));
        records.add(record);
        progress.started();
        shoppers.submit(() -> {
          try {
            shop(record, runId);
          } catch (RuntimeException e) {
            record.failed(e.getMessage());
          } finally {
            if (record.placed()) {
              synchronized (lastCheckout) {
                lastCheckout[0] = Math.max(lastCheckout[0], record.placedNanos());
              }
            }
            if (!record.placed() || record.error() != null) {
              progress.failed();
            }
            slots.release();
          }
        });
      }
    }
    List<OrderRecord> all;
    synchronized (records) {
      all = List.copyOf(records);
    }
    return new Run(all, start, lastCheckout[0]);
  }

  private void shop(OrderRecord r, String runId) {
    Shop shop = r.shop();
    OrderPlan plan = r.plan();
    String key = shop.apiKey();
    String ref = runId + "-" + shop.id() + "-" + plan.seq();
    String cartId = required(api.postChecked(201, "/carts", key, null, ref + "-cart"), "cartId");
    for (OrderPlan.Line line : plan.lines()) {
      api.postChecked(200, "/carts/" + cartId + "/items", key, ShopperJson.item(line.sku(), line.quantity()), null);
    }
    String checkout = ShopperJson.checkout(plan);
    r.checkoutStarted(System.nanoTime());
    String orderId = required(api.postChecked(201, "/carts/" + cartId + "/checkout", key, checkout, ref + "-checkout"), "orderId");
    r.placed(orderId, System.nanoTime());
    progress.placed();
    String order = "/orders/" + orderId;
    switch (plan.scenario()) {
      case CONFIRM, DECLINE, TIMEOUT, FRAUD -> {
        if (settings.pollConfirmation() && plan.scenario().confirms()) {
          awaitStatus(r, "released");
        }
      }
      case SHIP -> {
        awaitStatus(r, "released");
        api.postChecked(201, order + "/shipments", key, null, ref + "-ship");
      }
      case DELIVER -> {
        awaitStatus(r, "released");
        String shipment = api.postChecked(201, order + "/shipments", key, null, ref + "-ship").text("shipmentId");
        api.postChecked(200, "/shipments/" + shipment + "/delivered", key, null, null);
      }
      case PARTIAL_SHIPMENTS -> {
        awaitStatus(r, "released");
        OrderPlan.Line first = plan.lines().getFirst();
        Map<String, Object> part = Map.of("lines", List.of(Map.of("sku", first.sku(), "quantity", 1)), "tracking", "PART1-" + orderId);
        String one = api.postChecked(201, order + "/shipments", key, part, ref + "-ship1").text("shipmentId");
        String two = api.postChecked(201, order + "/shipments", key, null, ref + "-ship2").text("shipmentId");
        api.postChecked(200, "/shipments/" + one + "/delivered", key, null, null);
        api.postChecked(200, "/shipments/" + two + "/delivered", key, null, null);
      }
      case REVIEW_APPROVE -> {
        awaitStatus(r, "under_review");
        api.postChecked(200, order + "/review", key, Map.of("decision", "approve"), null);
        awaitStatus(r, "released");
        String shipment = api.postChecked(201, order + "/shipments", key, null, ref + "-ship").text("shipmentId");
        api.postChecked(200, "/shipments/" + shipment + "/delivered", key, null, null);
      }
      case REVIEW_REJECT -> {
        awaitStatus(r, "under_review");
        api.postChecked(200, order + "/review", key, Map.of("decision", "reject"), null);
      }
      case CANCEL_PLACED -> api.postChecked(200, order + "/cancel", key, Map.of("reason", "changed my mind"), null);
      case CANCEL_UNDER_REVIEW -> {
        awaitStatus(r, "under_review");
        api.postChecked(200, order + "/cancel", key, Map.of("reason", "too expensive after all"), null);
      }
      case CANCEL_RELEASED -> {
        awaitStatus(r, "released");
        api.postChecked(200, order + "/cancel", key, Map.of("reason", "found it cheaper"), null);
      }
    }
    if (settings.settleInline()) {
      awaitStatus(r, plan.scenario().finalStatus());
      progress.settled();
    }
  }

  /** The text of {@code field} in an answer's body; fails when it is missing. */
  private static String required(ApiClient.Response r, String field) {
    String value = r.text(field);
    if (value == null || value.isEmpty()) {
      throw new ApiClient.ApiException("the answer " + r + " has no '" + field + "'", r.status());
    }
    return value;
  }

  /**
   * Polls the order until it shows {@code status}. Fails when it reaches another terminal status
   * first, or when {@link Settings#settleTimeout} passes.
   */
  private void awaitStatus(OrderRecord r, String status) {
    long deadline = System.nanoTime() + settings.settleTimeout().toNanos();
    long pause = FIRST_POLL_NANOS;
    while (true) {
      String seen = look(r);
      if (status.equals(seen)) {
        return;
      }
      if (isTerminal(seen)) {
        throw new IllegalStateException("order " + r.orderId() + " (" + r.plan().scenario().label() + ", tenant " + r.shop().id()
            + ") became " + seen + " while waiting for " + status);
      }
      if (System.nanoTime() + pause > deadline) {
        throw new IllegalStateException("order " + r.orderId() + " (" + r.plan().scenario().label() + ", tenant " + r.shop().id()
            + ") is still " + seen + " after " + settings.settleTimeout().toSeconds() + " s waiting for " + status
            + "; are the server's services running (GET /health/ready)?");
      }
      LockSupport.parkNanos(pause);
      pause = Math.min(MAX_POLL_NANOS, pause * 3 / 2);
    }
  }

  private String look(OrderRecord r) {
    JsonNode view = api.getExpecting(200, "/orders/" + r.orderId(), r.shop().apiKey());
    List<String> events = new ArrayList<>();
    view.path("history").forEach(h -> events.add(h.path("event").asText()));
    JsonNode total = view.path("totals").path("total");
    r.seen(view.path("status").asText(), total.isMissingNode() || total.isNull() ? null : new BigDecimal(total.asText()), events,
        System.nanoTime());
    return r.finalStatus();
  }

  private static boolean isTerminal(String status) {
    return switch (status) {
      case "rejected", "payment_declined", "completed", "cancelled" -> true;
      default -> false;
    };
  }

  /**
   * Polls every placed order that has not shown its final status yet, {@code pollers} at a time,
   * until each does or {@link Settings#settleTimeout} passes for it. Also refreshes every other
   * order's view once, so the report sees the server's last word.
   */
  public void settle(List<OrderRecord> orders, int pollers) throws InterruptedException {
    Semaphore slots = new Semaphore(Math.max(1, pollers));
    try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
      for (OrderRecord r : orders) {
        if (!r.placed()) {
          continue;
        }
        slots.acquire();
        exec.submit(() -> {
          try {
            boolean was = r.settled();
            look(r);
            if (!r.settled()) {
              awaitStatus(r, r.plan().scenario().finalStatus());
            }
            if (!was && !settings.settleInline()) {
              progress.settled();
            }
          } catch (RuntimeException e) {
            r.failed(e.getMessage());
          } finally {
            slots.release();
          }
        });
      }
    }
  }
}
