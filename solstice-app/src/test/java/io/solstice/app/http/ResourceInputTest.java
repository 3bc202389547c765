package io.solstice.app.http;

import static io.solstice.app.http.TestServer.checkoutBody;
import static io.solstice.app.http.TestServer.json;
import static io.solstice.app.http.TestServer.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.solstice.app.http.TestServer.Response;
import io.solstice.app.http.TestServer.Tenant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every tenant endpoint against bad input — malformed JSON, missing fields, negative and huge
 * quantities, unknown SKUs, other tenants' ids, replayed idempotency keys — and read-your-writes:
 * each refusal names the fields, and nothing is half-written. One behaviour per test, grouped by
 * resource; every test makes its own tenant on the class's one server.
 */
class ResourceInputTest {
  @RegisterExtension static final TestServer server = TestServer.allServices();

  /** A new tenant with {@code sku} on sale at 10.00 and {@code stock} units. */
  private static Tenant tenantSelling(String sku, long stock) {
    Tenant t = server.tenant("EUR");
    server.product(t, sku, "10.00", stock);
    return t;
  }

  @Nested
  class Products {

    @Test
    void aProductIsCreatedThenUpdatedAndReadsItsWrites() {
      Tenant t = server.tenant("EUR");

      assertThat(server.put("/products/TEE", t.key(), json("name", "T-shirt", "price", 19.99, "description", "Cotton")).status()).isEqualTo(201);
      assertThat(server.put("/products/TEE", t.key(), json("name", "T-shirt", "price", "17.50")).status()).isEqualTo(200);

      assertThat(server.get("/products/TEE", t.key()).json().path("price").decimalValue()).isEqualByComparingTo("17.50");
    }

    @Test
    void badValuesAreRefusedNamingTheFieldsAndChangeNothing() {
      Tenant t = server.tenant("EUR");
      server.put("/products/TEE", t.key(), json("name", "T-shirt", "price", "17.50"));

      Response bad = server.put("/products/TEE", t.key(), json("name", "", "price", -1));
      assertThat(bad.status()).isEqualTo(422);
      assertThat(bad.errorFields()).containsExactlyInAnyOrder("name", "price");
      assertThat(server.put("/products/TEE", t.key(), json("price", "abc")).errorFields()).containsExactlyInAnyOrder("name", "price");
      assertThat(server.put("/products/TEE", t.key(), json("name", "x", "price", 1.001)).errorFields()).containsExactly("price");

      assertThat(server.get("/products/TEE", t.key()).json().path("price").decimalValue()).isEqualByComparingTo("17.50");
    }

    @Test
    void aSkuWithASpaceIsRefusedNamingTheSku() {
      Tenant t = server.tenant("EUR");

      assertThat(server.put("/products/bad%20sku", t.key(), json("name", "x", "price", 1)).errorFields()).containsExactly("sku");
    }

    @Test
    void anUnpublishedProductStaysListedButIsNoLongerActive() {
      Tenant t = tenantSelling("TEE", 0);

      assertThat(server.post("/products/TEE/unpublish", t.key(), null).json().path("active").asBoolean()).isFalse();

      assertThat(server.get("/products/TEE", t.key()).json().path("active").asBoolean()).isFalse();
      assertThat(server.get("/products", t.key()).json().path("items").findValuesAsText("sku")).containsExactly("TEE");
    }

    @Test
    void unpublishingAnUnknownSkuIs404() {
      Tenant t = server.tenant("EUR");

      assertThat(server.post("/products/NOPE/unpublish", t.key(), null).status()).isEqualTo(404);
    }

    @Test
    void listsPageBySku() {
      Tenant t = server.tenant("EUR");
      for (String sku : List.of("C", "A", "B")) {
        server.product(t, sku, "1.00", 0);
      }

      JsonNode first = server.get("/products?limit=2", t.key()).json();
      JsonNode second = server.get("/products?limit=2&after=" + first.path("next").asText(), t.key()).json();

      assertThat(first.path("items").findValuesAsText("sku")).containsExactly("A", "B");
      assertThat(second.path("items").findValuesAsText("sku")).containsExactly("C");
      assertThat(second.path("next").isNull()).isTrue();
    }

    @Test
    void aListLimitBelowOneIsRefusedNamingTheLimit() {
      Tenant t = server.tenant("EUR");

      assertThat(server.get("/products?limit=0", t.key()).errorFields()).containsExactly("limit");
    }
  }

  @Nested
  class Inventory {

    @Test
    void quantitiesThatAreZeroOutOfBoundsNotWholeOrMissingAreRefusedNamingTheQuantity() {
      Tenant t = tenantSelling("MUG", 0);

      for (String body : List.of(json("quantity", 0), json("quantity", 10_000_001), json("quantity", -10_000_001), json("quantity", 1.5),
          "{\"quantity\": 99999999999999999999999}", json())) {
        assertThat(server.post("/inventory/MUG/adjustments", t.key(), body).errorFields()).as(body).containsExactly("quantity");
      }
      assertThat(server.available(t, "MUG")).isZero();
    }

    @Test
    void malformedJsonIs400() {
      Tenant t = tenantSelling("MUG", 0);

      assertThat(server.post("/inventory/MUG/adjustments", t.key(), "{quantity: 1}").status()).isEqualTo(400);
    }

    @Test
    void anUnknownSkuIs404() {
      Tenant t = server.tenant("EUR");

      assertThat(server.post("/inventory/NOPE/adjustments", t.key(), json("quantity", 1)).status()).isEqualTo(404);
    }

    @Test
    void countingOutMoreThanIsOnHandIs409InsufficientStock() {
      Tenant t = tenantSelling("MUG", 0);

      Response removeTooMany = server.post("/inventory/MUG/adjustments", t.key(), json("quantity", -1));

      assertThat(removeTooMany.status()).isEqualTo(409);
      assertThat(removeTooMany.code()).isEqualTo("insufficient_stock");
    }

    @Test
    void anAdjustmentRepeatedWithItsIdempotencyKeyIsAppliedOnce() {
      Tenant t = tenantSelling("MUG", 0);
      Map<String, String> key = Map.of("Idempotency-Key", "delivery-1");

      Response first = server.send("POST", "/inventory/MUG/adjustments", t.key(), json("quantity", 7), key);
      Response replay = server.send("POST", "/inventory/MUG/adjustments", t.key(), json("quantity", 7), key);

      assertThat(first.status()).isEqualTo(201);
      assertThat(replay.status()).isEqualTo(201);
      assertThat(replay.json().path("onHand").asLong()).isEqualTo(7);
      assertThat(server.get("/inventory/MUG", t.key()).json())
          .isEqualTo(TestServer.JSON.valueToTree(Map.of("sku", "MUG", "onHand", 7, "reserved", 0, "available", 7)));
    }
  }

  @Nested
  class Carts {

    private String items(Tenant t) {
      return "/carts/" + server.post("/carts", t.key(), null).json().path("cartId").asText() + "/items";
    }

    private int lines(Tenant t, String items) {
      return server.get(items.substring(0, items.length() - "/items".length()), t.key()).json().path("lines").size();
    }

    @Test
    void badQuantitiesAreRefusedNamingTheQuantityAndAddNothing() {
      Tenant t = tenantSelling("TEE", 5);
      String items = items(t);

      for (int quantity : new int[] {-1, 0, 1_000_001}) {
        assertThat(server.post(items, t.key(), json("sku", "TEE", "quantity", quantity)).errorFields()).as("%d", quantity)
            .containsExactly("quantity");
      }
      assertThat(lines(t, items)).isZero();
    }

    @Test
    void unknownAndUnpublishedSkusAreRefusedNamingTheSku() {
      Tenant t = tenantSelling("OFF", 5);
      server.post("/products/OFF/unpublish", t.key(), null);
      String items = items(t);

      assertThat(server.post(items, t.key(), json("sku", "NOPE", "quantity", 1)).errorFields()).containsExactly("sku");
      assertThat(server.post(items, t.key(), json("sku", "OFF", "quantity", 1)).errorFields()).containsExactly("sku");
      assertThat(lines(t, items)).isZero();
    }

    @Test
    void aLineWithoutSkuAndAWordForAQuantityNamesBothFields() {
      Tenant t = tenantSelling("TEE", 5);

      assertThat(server.post(items(t), t.key(), json("quantity", "two")).errorFields()).containsExactlyInAnyOrder("sku", "quantity");
    }

    @Test
    void malformedJsonIs400() {
      Tenant t = tenantSelling("TEE", 5);

      assertThat(server.post(items(t), t.key(), "{\"sku\":").status()).isEqualTo(400);
    }

    @Test
    void aLineCannotGrowPastTheMostUnitsOfALine() {
      Tenant t = tenantSelling("TEE", 5);
      String items = items(t);
      assertThat(server.post(items, t.key(), json("sku", "TEE", "quantity", 999_999)).status()).isEqualTo(200);

      Response over = server.post(items, t.key(), json("sku", "TEE", "quantity", 2));

      assertThat(over.errorFields()).containsExactly("quantity");
      assertThat(server.get(items.replace("/items", ""), t.key()).json().path("lines").get(0).path("quantity").asInt()).isEqualTo(999_999);
    }

    @Test
    void aLineIsChangedThenRemovedAndRemovingItAgainIsHarmless() {
      Tenant t = tenantSelling("TEE", 5);
      String items = items(t);
      server.post(items, t.key(), json("sku", "TEE", "quantity", 1));

      assertThat(server.put(items + "/TEE", t.key(), json("quantity", 3)).json().path("lines").get(0).path("quantity").asInt()).isEqualTo(3);
      assertThat(server.delete(items + "/TEE", t.key()).json().path("lines").size()).isZero();
      assertThat(server.delete(items + "/TEE", t.key()).status()).isEqualTo(200);
    }

    @Test
    void creatingACartWithAnIdempotencyKeyTwiceGivesTheSameCart() {
      Tenant t = server.tenant("EUR");
      Map<String, String> key = Map.of("Idempotency-Key", "cart-abc");

      String first = server.send("POST", "/carts", t.key(), null, key).json().path("cartId").asText();
      String again = server.send("POST", "/carts", t.key(), null, key).json().path("cartId").asText();

      assertThat(again).isEqualTo(first);
      assertThat(server.send("POST", "/carts", t.key(), null, Map.of("Idempotency-Key", "cart-xyz")).json().path("cartId").asText())
          .isNotEqualTo(first);
    }
  }

  @Nested
  class Checkout {

    @Test
    void withoutAnIdempotencyKeyIs400NamingTheHeader() {
      Tenant t = tenantSelling("TEE", 5);

      Response noKey = server.checkout(t, server.cart(t, "TEE", 2), null, checkoutBody("ana@example.com", "tok_approve"));

      assertThat(noKey.status()).isEqualTo(400);
      assertThat(noKey.errorFields()).containsExactly("Idempotency-Key");
    }

    @Test
    void invalidBodiesAreRefusedNamingEveryFieldAndHoldNoStock() {
      Tenant t = tenantSelling("TEE", 5);
      String cart = server.cart(t, "TEE", 2);

      Response invalid = server.checkout(t, cart, "k1", json("customer", obj("email", "not-an-email"),
          "shippingAddress", obj("line1", "", "city", "Berlin", "postalCode", "1", "country", "Germany"), "paymentToken", 5));
      Response badValues = server.checkout(t, cart, "k1", json("customer", obj("email", "not-an-email", "name", "Ana"),
          "shippingAddress", obj("line1", "", "city", "Berlin", "postalCode", "1", "country", "Germany"), "paymentToken", "tok"));

      assertThat(invalid.status()).isEqualTo(422);
      assertThat(invalid.errorFields()).containsExactlyInAnyOrder("customer.email", "customer.name", "shippingAddress.line1",
          "shippingAddress.country", "paymentToken");
      assertThat(badValues.errorFields()).containsExactlyInAnyOrder("customer.email", "shippingAddress.line1", "shippingAddress.country");
      assertThat(server.available(t, "TEE")).isEqualTo(5);
    }

    @Test
    void malformedJsonIs400AndHoldsNoStock() {
      Tenant t = tenantSelling("TEE", 5);

      assertThat(server.checkout(t, server.cart(t, "TEE", 2), "k1", "{").status()).isEqualTo(400);
      assertThat(server.available(t, "TEE")).isEqualTo(5);
    }

    @Test
    void aReplayWithTheSameKeyAndBodyAnswersTheSameOrder() {
      Tenant t = tenantSelling("TEE", 5);
      String cart = server.cart(t, "TEE", 2);

      Response placed = server.checkout(t, cart, "k1", checkoutBody("ana@example.com", "tok_approve"));
      Response replay = server.checkout(t, cart, "k1", checkoutBody("ana@example.com", "tok_approve"));

      assertThat(placed.status()).isEqualTo(201);
      assertThat(replay.status()).isEqualTo(201);
      assertThat(replay.json().path("orderId").asText()).isEqualTo(placed.json().path("orderId").asText());
    }

    @Test
    void theSameKeyWithAnotherBodyIs409IdempotencyKeyReused() {
      Tenant t = tenantSelling("TEE", 5);
      String cart = server.cart(t, "TEE", 2);
      server.checkout(t, cart, "k1", checkoutBody("ana@example.com", "tok_approve"));

      Response otherBody = server.checkout(t, cart, "k1", checkoutBody("bob@example.com", "tok_approve"));

      assertThat(otherBody.status()).isEqualTo(409);
      assertThat(otherBody.code()).isEqualTo("idempotency_key_reused");
    }

    @Test
    void aCheckedOutCartTakesNoOtherCheckoutAndNoMoreItems() {
      Tenant t = tenantSelling("TEE", 5);
      String cart = server.cart(t, "TEE", 2);
      server.checkout(t, cart, "k1", checkoutBody("ana@example.com", "tok_approve"));

      assertThat(server.checkout(t, cart, "k2", checkoutBody("ana@example.com", "tok_approve")).code()).isEqualTo("cart_checked_out");
      assertThat(server.post("/carts/" + cart + "/items", t.key(), json("sku", "TEE", "quantity", 1)).status()).isEqualTo(409);
    }

    @Test
    void withoutStockIs409AndHoldsNothing() {
      Tenant t = tenantSelling("TEE", 2);
      server.product(t, "MUG", "5.00", 1);
      String cart = server.cart(t, "TEE", 2);
      server.post("/carts/" + cart + "/items", t.key(), json("sku", "MUG", "quantity", 3));

      Response r = server.checkout(t, cart, "k", checkoutBody("ana@example.com", "tok_approve"));

      assertThat(r.status()).isEqualTo(409);
      assertThat(r.code()).isEqualTo("insufficient_stock");
      assertThat(server.available(t, "TEE")).isEqualTo(2);
      assertThat(server.get("/carts/" + cart, t.key()).json().path("status").asText()).isEqualTo("open");
    }

    @Test
    void anEmptyCartIs409CartEmpty() {
      Tenant t = server.tenant("EUR");
      String empty = server.post("/carts", t.key(), null).json().path("cartId").asText();

      assertThat(server.checkout(t, empty, "k", checkoutBody("ana@example.com", "tok_approve")).code()).isEqualTo("cart_empty");
    }
  }

  @Nested
  class Orders {

    /** A new tenant's released order of 3 × TEE (10 on hand); returns {@code /orders/ID}. */
    private String releasedOrder(Tenant t) {
      server.product(t, "TEE", "10.00", 10);
      String order = server.order(t, "TEE", 3, "ana@example.com", "tok_approve");
      server.awaitStatus(t, order, "released");
      return "/orders/" + order;
    }

    @Test
    void aReviewWithoutAKnownDecisionIsRefusedNamingTheDecision() {
      Tenant t = server.tenant("EUR");
      String o = releasedOrder(t);

      assertThat(server.post(o + "/review", t.key(), json("decision", "maybe")).errorFields()).containsExactly("decision");
      assertThat(server.post(o + "/review", t.key(), json()).errorFields()).containsExactly("decision");
    }

    @Test
    void reviewingAnOrderThatIsNotUnderReviewIs409() {
      Tenant t = server.tenant("EUR");
      String o = releasedOrder(t);

      assertThat(server.post(o + "/review", t.key(), json("decision", "reject")).code()).isEqualTo("not_under_review");
    }

    @Test
    void aMalformedCancelIs400() {
      Tenant t = server.tenant("EUR");
      String o = releasedOrder(t);

      assertThat(server.post(o + "/cancel", t.key(), "{oops").status()).isEqualTo(400);
      assertThat(server.status(t, o.substring("/orders/".length()))).isEqualTo("released");
    }

    @Test
    void badShipmentLinesAreRefusedNamingTheLineAndShipNothing() {
      Tenant t = server.tenant("EUR");
      String o = releasedOrder(t);
      String ship = o + "/shipments";

      assertThat(server.post(ship, t.key(), json("lines", List.of(obj("sku", "TEE", "quantity", -1)))).errorFields())
          .containsExactly("lines[0].quantity");
      assertThat(server.post(ship, t.key(), json("lines", List.of(obj("sku", "TEE", "quantity", 4)))).errorFields())
          .containsExactly("lines.TEE");
      assertThat(server.post(ship, t.key(), json("lines", List.of(obj("sku", "NOPE", "quantity", 1)))).errorFields())
          .containsExactly("lines.NOPE");
      assertThat(server.post(ship, t.key(), json("lines", "all")).errorFields()).containsExactly("lines");
      assertThat(server.post(ship, t.key(), "[").status()).isEqualTo(400);
      assertThat(server.get(o, t.key()).json().path("shipments").size()).isZero();
    }

    @Test
    void aShipmentRepeatedWithItsIdempotencyKeyShipsOnce() {
      Tenant t = server.tenant("EUR");
      String o = releasedOrder(t);
      Map<String, String> key = Map.of("Idempotency-Key", "ship-1");
      String body = json("lines", List.of(obj("sku", "TEE", "quantity", 1)), "tracking", "TRK1");

      Response first = server.send("POST", o + "/shipments", t.key(), body, key);
      Response replay = server.send("POST", o + "/shipments", t.key(), body, key);

      assertThat(first.status()).isEqualTo(201);
      assertThat(replay.status()).isEqualTo(201);
      assertThat(replay.json().path("shipmentId").asText()).isEqualTo(first.json().path("shipmentId").asText());
      JsonNode view = server.get(o, t.key()).json();
      assertThat(view.path("shipments").size()).isEqualTo(1);
      assertThat(view.path("lines").get(0).path("shipped").asInt()).isEqualTo(1);
      assertThat(server.get("/inventory/TEE", t.key()).json().path("onHand").asLong()).isEqualTo(9);
    }

    @Test
    void deliveringAnUnknownShipmentIs404() {
      Tenant t = server.tenant("EUR");

      assertThat(server.post("/shipments/NOPE/delivered", t.key(), null).status()).isEqualTo(404);
    }

    @Test
    void listingOrdersNeedsACustomerEmail() {
      Tenant t = server.tenant("EUR");

      assertThat(server.get("/orders?customer=not-an-email", t.key()).errorFields()).containsExactly("customer");
      assertThat(server.get("/orders", t.key()).errorFields()).containsExactly("customer");
    }
  }

  @Test
  void anotherTenantsIdsAnswer404ForReadsAndWritesAndChangeNothing() {
    Tenant owner = server.tenant("EUR");
    Tenant other = server.tenant("EUR");
    server.product(owner, "TEE", "10.00", 5);
    String cart = server.cart(owner, "TEE", 1);
    String order = server.order(owner, "TEE", 1, "ana@example.com", "tok_approve");
    server.awaitStatus(owner, order, "released");
    String shipment = server.post("/orders/" + order + "/shipments", owner.key(), json("lines", List.of(obj("sku", "TEE", "quantity", 1))))
        .json().path("shipmentId").asText();
    String k = other.key();

    List<Response> answers = List.of(
        server.get("/products/TEE", k), server.post("/products/TEE/unpublish", k, null),
        server.get("/inventory/TEE", k), server.post("/inventory/TEE/adjustments", k, json("quantity", -5)),
        server.get("/carts/" + cart, k), server.delete("/carts/" + cart + "/items/TEE", k),
        server.put("/carts/" + cart + "/items/TEE", k, json("quantity", 2)),
        server.checkout(other, cart, "x", checkoutBody("eve@example.com", "tok_approve")),
        server.get("/orders/" + order, k), server.get("/orders/" + order + "/events", k),
        server.post("/orders/" + order + "/cancel", k, null), server.post("/orders/" + order + "/review", k, json("decision", "reject")),
        server.post("/orders/" + order + "/shipments", k, null), server.get("/shipments/" + shipment, k),
        server.post("/shipments/" + shipment + "/delivered", k, null));

    assertThat(answers).extracting(Response::status).containsOnly(404);
    assertThat(server.get("/orders?customer=ana@example.com", k).json().path("items").size()).isZero();
    assertThat(server.get("/products", k).json().path("items").size()).isZero();
    // the owner's data is untouched
    assertThat(server.get("/products/TEE", owner.key()).json().path("active").asBoolean()).isTrue();
    assertThat(server.get("/carts/" + cart, owner.key()).json().path("lines").get(0).path("quantity").asInt()).isEqualTo(1);
    assertThat(server.get("/shipments/" + shipment, owner.key()).json().path("delivered").asBoolean()).isFalse();
    assertThat(server.status(owner, order)).isEqualTo("shipped");
  }
}
