package io.solstice.commerce.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solstice.commerce.Categories;
import io.solstice.commerce.cart.Carts;
import io.solstice.commerce.cart.CheckoutRequest;
import io.solstice.commerce.catalog.Catalog;
import io.solstice.commerce.inventory.Inventory;
import io.solstice.commerce.inventory.Stock;
import io.solstice.commerce.shared.Address;
import io.solstice.commerce.shared.Customer;
import io.solstice.commerce.shared.Ids;
import io.solstice.commerce.shared.InvalidInputException;
import io.solstice.commerce.shared.NotFoundException;
import io.solstice.commerce.shared.RuleViolationException;
import io.solstice.commerce.tenancy.ApiKeys;
import io.solstice.commerce.tenancy.Tenancy;
import io.solstice.core.EventMetadata;
import io.solstice.core.memory.MemoryStore;
import io.solstice.core.store.TenantPlacement;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The order use cases (Orders) over a memory store: views, cancel, review, shipments and delivery. */
class OrdersTest {
  private MemoryStore store;
  private Categories c;
  private Inventory inventory;
  private Carts carts;
  private Orders orders;
  private Tenancy.TenantContext acme;

  @BeforeEach
  void setUp() {
    store = new MemoryStore();
    c = Categories.on(store);
    Ids ids = new Ids(Clock.systemUTC());
    Tenancy tenancy = new Tenancy(store, c.tenants(), new ApiKeys(ApiKeys.newPepper()), t -> TenantPlacement.POOLED_STORE);
    Catalog catalog = new Catalog(c.products());
    inventory = new Inventory(c.stock(), c.products());
    carts = new Carts(c, ids);
    orders = new Orders(c, ids);
    tenancy.provision("acme", "Acme", "EUR");
    acme = tenancy.context("acme").orElseThrow();
    catalog.put("acme", "EUR", "TEE", "T-shirt", "Cotton", new BigDecimal("19.99"));
    catalog.put("acme", "EUR", "MUG", "Mug", "Stoneware", new BigDecimal("5.00"));
    inventory.adjust("acme", "TEE", 10, "delivery");
    inventory.adjust("acme", "MUG", 10, "delivery");
  }

  private String placed() {
    String cart = carts.create("acme");
    carts.addItem(acme, cart, "TEE", 2);
    carts.addItem(acme, cart, "MUG", 1);
    return carts.checkout(acme, cart, "key-" + cart, new CheckoutRequest(new Customer("ana@example.com", "Ana"),
        new Address("1 Main St", "Berlin", "10115", "DE"), "tok_approve"), EventMetadata.EMPTY);
  }

  /** Drives the order as the process manager would, up to released with its stock allocated. */
  private String released() {
    String id = placed();
    var order = c.orders().decider("acme", id);
    order.transact(s -> Order.recordFraudCheck(s, FraudVerdict.ACCEPT, 1, "fine"));
    order.transact(s -> Order.recordAuthorization(s, "auth-1", s.placed().totals().total()));
    order.transact(Order::release);
    for (String sku : new String[] {"TEE", "MUG"}) {
      c.stock().decider("acme", sku).transact(s -> Stock.allocate(s, id));
    }
    return id;
  }

  @Test
  void aPlacedOrderShowsItsLinesTotalsAndHistory() {
    String id = placed();

    Orders.OrderView view = orders.get("acme", id);

    assertThat(view.status()).isEqualTo("placed");
    assertThat(view.customerEmail()).isEqualTo("ana@example.com");
    assertThat(view.lines()).containsExactly(
        new Orders.LineView("TEE", "T-shirt", 2, 0, new BigDecimal("19.99"), new BigDecimal("39.98")),
        new Orders.LineView("MUG", "Mug", 1, 0, new BigDecimal("5.00"), new BigDecimal("5.00")));
    assertThat(view.totals().total()).isEqualByComparingTo("44.98");
    assertThat(view.totals().currency()).isEqualTo("EUR");
    assertThat(view.history()).extracting(Orders.HistoryEntry::event, Orders.HistoryEntry::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Placed", "placed"));
  }

  @Test
  void anOrderTheTenantDoesNotHaveIsNotFound() {
    assertThatThrownBy(() -> orders.get("acme", "missing")).isInstanceOf(NotFoundException.class)
        .hasMessage("order 'missing' was not found");
    assertThatThrownBy(() -> orders.cancel("acme", "missing", null, EventMetadata.EMPTY)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> orders.shipment("acme", "missing")).isInstanceOf(NotFoundException.class)
        .hasMessage("shipment 'missing' was not found");
    assertThatThrownBy(() -> orders.delivered("acme", "missing", EventMetadata.EMPTY)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void cancellingGivesTheReasonOrADefaultAndRecordsIt() {
    String first = placed();
    String second = placed();

    assertThat(orders.cancel("acme", first, "changed my mind", EventMetadata.EMPTY).reason()).isEqualTo("changed my mind");
    Orders.OrderView view = orders.cancel("acme", second, " ", EventMetadata.EMPTY);
    assertThat(view.status()).isEqualTo("cancelled");
    assertThat(view.reason()).isEqualTo("cancelled by request");
    assertThat(orders.events("acme", second).events()).extracting(Orders.EventView::type).contains("Cancelled");
  }

  @Test
  void aReviewIsApproveOrRejectOnAnOrderUnderReview() {
    String id = placed();
    c.orders().decider("acme", id).transact(s -> Order.recordFraudCheck(s, FraudVerdict.REVIEW, 700, "new card"));

    assertThatThrownBy(() -> orders.review("acme", id, "maybe", EventMetadata.EMPTY)).isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).fields()).containsEntry("decision", "must be 'approve' or 'reject'"));
    assertThatThrownBy(() -> orders.review("acme", id, null, EventMetadata.EMPTY)).isInstanceOf(InvalidInputException.class);
    assertThat(orders.get("acme", id).status()).isEqualTo("under_review");
    assertThat(orders.review("acme", id, "approve", EventMetadata.EMPTY).status()).isEqualTo("placed");
  }

  @Test
  void aRejectionInReviewClosesTheOrder() {
    String id = placed();
    c.orders().decider("acme", id).transact(s -> Order.recordFraudCheck(s, FraudVerdict.REVIEW, 700, "new card"));

    Orders.OrderView view = orders.review("acme", id, "reject", EventMetadata.EMPTY);

    assertThat(view.status()).isEqualTo("rejected");
    assertThat(view.reason()).isEqualTo("rejected in review");
  }

  @Test
  void aShipmentWithoutLinesShipsEverythingLeftAndShipsTheOrder() {
    String id = released();

    Orders.ShipmentView shipment = orders.addShipment("acme", id, "s-1", Map.of(), null, EventMetadata.EMPTY);

    assertThat(shipment).isEqualTo(new Orders.ShipmentView("s-1", id, Map.of("TEE", 2, "MUG", 1), "TRK-s-1", false));
    Orders.OrderView view = orders.get("acme", id);
    assertThat(view.status()).isEqualTo("shipped");
    assertThat(view.shipments()).containsExactly("s-1");
    assertThat(view.lines()).extracting(Orders.LineView::shipped).containsExactly(2, 1);
    assertThat(inventory.get("acme", "TEE").onHand()).isEqualTo(8);
  }

  @Test
  void aPartialShipmentShipsOnlyItsLinesAndTheRestFollowsLater() {
    String id = released();

    orders.addShipment("acme", id, "s-1", Map.of("TEE", 1), "DHL-1", EventMetadata.EMPTY);
    assertThat(orders.get("acme", id).status()).isEqualTo("released");
    Orders.ShipmentView rest = orders.addShipment("acme", id, "s-2", null, " ", EventMetadata.EMPTY);

    assertThat(rest.lines()).isEqualTo(Map.of("TEE", 1, "MUG", 1));
    assertThat(orders.shipment("acme", "s-1").tracking()).isEqualTo("DHL-1");
    assertThat(orders.get("acme", id).status()).isEqualTo("shipped");
  }

  @Test
  void repeatingAShipmentIdForTheSameOrderWritesNothingAndForAnotherOrderIsRefused() {
    String id = released();
    String other = released();
    orders.addShipment("acme", id, "s-1", Map.of("TEE", 1), null, EventMetadata.EMPTY);
    long head = store.headPosition();

    assertThat(orders.addShipment("acme", id, "s-1", Map.of("TEE", 1), null, EventMetadata.EMPTY).lines()).isEqualTo(Map.of("TEE", 1));
    assertThat(store.headPosition()).isEqualTo(head);
    assertThatThrownBy(() -> orders.addShipment("acme", other, "s-1", Map.of("TEE", 1), null, EventMetadata.EMPTY))
        .isInstanceOf(RuleViolationException.class)
        .hasMessage("shipment s-1 was created for order " + id + ", not " + other + "; use a new Idempotency-Key")
        .satisfies(e -> assertThat(((RuleViolationException) e).code()).isEqualTo("idempotency_key_reused"));
  }

  @Test
  void trackingCodesAreAtMostOneHundredCharacters() {
    String id = released();

    assertThatThrownBy(() -> orders.addShipment("acme", id, "s-1", Map.of("TEE", 1), "T".repeat(101), EventMetadata.EMPTY))
        .isInstanceOf(InvalidInputException.class);
    assertThat(orders.addShipment("acme", id, "s-2", Map.of("TEE", 1), "T".repeat(100), EventMetadata.EMPTY).tracking()).hasSize(100);
  }

  @Test
  void everyShipmentDeliveredDeliversTheOrder() {
    String id = released();
    orders.addShipment("acme", id, "s-1", Map.of("TEE", 2), null, EventMetadata.EMPTY);
    orders.addShipment("acme", id, "s-2", Map.of("MUG", 1), null, EventMetadata.EMPTY);

    assertThat(orders.delivered("acme", "s-1", EventMetadata.EMPTY).delivered()).isTrue();
    assertThat(orders.get("acme", id).status()).isEqualTo("shipped");
    orders.delivered("acme", "s-2", EventMetadata.EMPTY);

    assertThat(orders.get("acme", id).status()).isEqualTo("delivered");
  }

  @Test
  void theEventsOfAnOrderIncludeItsShipmentsAndStockInPositionOrder() {
    String id = released();
    orders.addShipment("acme", id, "s-1", Map.of(), null, EventMetadata.EMPTY);

    Orders.OrderEvents events = orders.events("acme", id);

    assertThat(events.truncated()).isFalse();
    assertThat(events.events()).extracting(Orders.EventView::stream).contains("acme:Shipment-s-1", "acme:Stock-TEE", "acme:Order-" + id);
    assertThat(events.events()).extracting(Orders.EventView::position).isSorted();
  }
}
