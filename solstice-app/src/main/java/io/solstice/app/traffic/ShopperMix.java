package io.solstice.app.traffic;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Decides each order's {@link OrderPlan} deterministically from a seed: the same seed, tenant index
 * and sequence number always give the same scenario, customer and cart, whatever the concurrency.
 *
 * <p>The {@link #standard} mix, per 100 orders: 22 confirmed and left with the warehouse, 10
 * shipped, 25 delivered, 6 shipped in two parts and delivered, 8 declined cards, 2 gateway
 * time-outs, 5 fraud rejections ({@code @fraud.test}), 5 big carts approved in review and delivered,
 * 3 rejected in review, and cancellations: 5 right after checkout, 2 under review, 7 after release.
 * {@link #checkoutOnly} (the benchmark's) places approved orders and leaves them confirmed.
 */
public final class ShopperMix {
  private static final Map<Scenario, Integer> STANDARD = standardWeights();

  private final long seed;
  private final Map<Scenario, Integer> weights;
  private final int totalWeight;
  private final ShopCatalog catalog;

  private ShopperMix(long seed, Map<Scenario, Integer> weights, ShopCatalog catalog) {
    this.seed = seed;
    this.weights = new EnumMap<>(weights);
    this.totalWeight = weights.values().stream().mapToInt(Integer::intValue).sum();
    this.catalog = catalog;
  }

  /** The demo's mix of every scenario. */
  public static ShopperMix standard(long seed, ShopCatalog catalog) {
    return new ShopperMix(seed, STANDARD, catalog);
  }

  /** Approved checkouts only (each ends {@code released}): the benchmark's mix. */
  public static ShopperMix checkoutOnly(long seed, ShopCatalog catalog) {
    return new ShopperMix(seed, Map.of(Scenario.CONFIRM, 1), catalog);
  }

  /**
   * The standard mix without {@link Scenario#TIMEOUT}: every order settles within seconds (a
   * gateway that never answers keeps its orders' payment retrying for minutes), so a harness can
   * wait for the platform to be quiet.
   */
  public static ShopperMix standardWithoutTimeouts(long seed, ShopCatalog catalog) {
    Map<Scenario, Integer> weights = new EnumMap<>(STANDARD);
    weights.remove(Scenario.TIMEOUT);
    return new ShopperMix(seed, weights, catalog);
  }

  private static Map<Scenario, Integer> standardWeights() {
    Map<Scenario, Integer> w = new EnumMap<>(Scenario.class);
    w.put(Scenario.CONFIRM, 22);
    w.put(Scenario.SHIP, 10);
    w.put(Scenario.DELIVER, 25);
    w.put(Scenario.PARTIAL_SHIPMENTS, 6);
    w.put(Scenario.DECLINE, 8);
    w.put(Scenario.TIMEOUT, 2);
    w.put(Scenario.FRAUD, 5);
    w.put(Scenario.REVIEW_APPROVE, 5);
    w.put(Scenario.REVIEW_REJECT, 3);
    w.put(Scenario.CANCEL_PLACED, 5);
    w.put(Scenario.CANCEL_UNDER_REVIEW, 2);
    w.put(Scenario.CANCEL_RELEASED, 7);
    return w;
  }

  public ShopCatalog catalog() {
    return catalog;
  }

  /** The plan of order {@code seq} of tenant {@code tenant}. */
  public OrderPlan plan(int tenant, long seq) {
    SplittableRandom random = new SplittableRandom(mix(seed, tenant, seq));
    Scenario scenario = pick(random.nextInt(totalWeight));
    long customer = random.nextLong(500);
    String email = scenario == Scenario.FRAUD ? "buyer" + customer + "@fraud.test" : "shopper" + customer + "@example.com";
    String token = switch (scenario) {
      case DECLINE -> "tok_decline";
      case TIMEOUT -> "tok_timeout";
      case CONFIRM, SHIP, DELIVER, PARTIAL_SHIPMENTS, FRAUD, REVIEW_APPROVE, REVIEW_REJECT, CANCEL_PLACED, CANCEL_UNDER_REVIEW,
          CANCEL_RELEASED -> "tok_approve";
    };
    List<ShopCatalog.Product> everyday = new ArrayList<>(catalog.everyday());
    int lineCount = 1 + random.nextInt(3);
    List<OrderPlan.Line> lines = new ArrayList<>(lineCount + 1);
    for (int i = 0; i < lineCount; i++) {
      ShopCatalog.Product p = everyday.remove(random.nextInt(everyday.size()));
      int quantity = 1 + random.nextInt(2);
      if (i == 0 && scenario == Scenario.PARTIAL_SHIPMENTS) {
        quantity = 2; // the first shipment sends one of these two units
      }
      lines.add(new OrderPlan.Line(p.sku(), quantity));
    }
    if (scenario.bigCart()) {
      lines.add(new OrderPlan.Line(catalog.premium().sku(), 1));
    }
    return new OrderPlan(tenant, seq, scenario, email, "Shopper " + customer, token, lines);
  }

  private Scenario pick(int ticket) {
    int acc = 0;
    for (Map.Entry<Scenario, Integer> e : weights.entrySet()) {
      acc += e.getValue();
      if (ticket < acc) {
        return e.getKey();
      }
    }
    throw new IllegalStateException("ticket " + ticket + " beyond the total weight " + totalWeight);
  }

  private static long mix(long seed, int tenant, long seq) {
    long h = seed * 0x9E3779B97F4A7C15L + tenant * 0xC2B2AE3D27D4EB4FL + seq * 0x165667B19E3779F9L;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h;
  }
}
