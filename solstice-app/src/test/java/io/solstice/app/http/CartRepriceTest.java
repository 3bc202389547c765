package io.solstice.app.http;

import static io.solstice.app.http.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.app.http.TestServer.Response;
import io.solstice.app.http.TestServer.Tenant;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code POST /carts/{id}/reprice}: a cart follows the catalog's prices on request. */
class CartRepriceTest {
  @RegisterExtension static final TestServer server = TestServer.apiOnly();

  @Test
  void repricingTakesTheCatalogsCurrentPrice() {
    Tenant t = server.tenant("EUR");
    server.product(t, "TEE", "20.00", 10);
    String cart = server.cart(t, "TEE", 2);
    server.put("/products/TEE", t.key(), json("name", "Product TEE", "price", new BigDecimal("18.00")));
    assertThat(server.get("/carts/" + cart, t.key()).json().path("subtotal").decimalValue()).isEqualByComparingTo("40.00");
    Response repriced = server.post("/carts/" + cart + "/reprice", t.key(), null);
    assertThat(repriced.status()).as(repriced.toString()).isEqualTo(200);
    assertThat(repriced.json().path("lines").get(0).path("unitPrice").decimalValue()).isEqualByComparingTo("18.00");
    assertThat(repriced.json().path("subtotal").decimalValue()).isEqualByComparingTo("36.00");
  }

  @Test
  void anotherTenantsCartIsNotFound() {
    Tenant owner = server.tenant("EUR");
    Tenant other = server.tenant("EUR");
    server.product(owner, "TEE", "20.00", 10);
    String cart = server.cart(owner, "TEE", 1);
    assertThat(server.post("/carts/" + cart + "/reprice", other.key(), null).status()).isEqualTo(404);
  }

  @Test
  void aCheckedOutCartCannotBeRepriced() {
    Tenant t = server.tenant("EUR");
    server.product(t, "TEE", "20.00", 10);
    String cart = server.cart(t, "TEE", 1);
    assertThat(server.checkout(t, cart, "k1", TestServer.checkoutBody("ana@example.com", "tok_approve")).status()).isEqualTo(201);
    Response r = server.post("/carts/" + cart + "/reprice", t.key(), null);
    assertThat(r.status()).as(r.toString()).isEqualTo(409);
    assertThat(r.code()).isEqualTo("cart_checked_out");
  }
}
