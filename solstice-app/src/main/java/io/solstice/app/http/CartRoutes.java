package io.solstice.app.http;

import static io.solstice.app.http.Schemas.email;
import static io.solstice.app.http.Schemas.integer;
import static io.solstice.app.http.Schemas.object;
import static io.solstice.app.http.Schemas.ref;
import static io.solstice.app.http.Schemas.required;
import static io.solstice.app.http.Schemas.string;

import io.solstice.commerce.cart.Cart;
import io.solstice.commerce.cart.Carts;
import io.solstice.commerce.cart.CheckoutRequest;
import io.solstice.commerce.shared.Address;
import io.solstice.commerce.shared.Customer;
import java.util.List;

/** {@code /carts…}: carts, their lines and checkout. */
final class CartRoutes {
  private final Carts carts;

  CartRoutes(Carts carts) {
    this.carts = carts;
  }

  record Created(String cartId) {}

  record Placed(String orderId) {}

  List<Route> routes() {
    return List.of(
        Route.post("/carts").id("createCart").tag("carts").summary("Create an empty cart")
            .idempotency(Route.Idempotency.OPTIONAL)
            .responds(201, object(required("cartId", string()))).handle(this::create),
        Route.get("/carts/{id}").id("getCart").tag("carts").summary("A cart with its lines and subtotal")
            .responds(200, ref("Cart")).errors(404)
            .handle(call -> Reply.ok(carts.get(call.tenant(), call.pathParam("id")))),
        Route.post("/carts/{id}/items").id("addCartItem").tag("carts")
            .summary("Add units of a product on sale at its current price (adds to an existing line)")
            .body(object(required("sku", string()), required("quantity", integer(1, Cart.MAX_LINE_QUANTITY))))
            .responds(200, ref("Cart")).errors(404, 409).handle(this::addItem),
        Route.put("/carts/{id}/items/{sku}").id("setCartItemQuantity").tag("carts").summary("Set a line's quantity (0 removes it)")
            .body(object(required("quantity", integer(0, Cart.MAX_LINE_QUANTITY))))
            .responds(200, ref("Cart")).errors(404, 409).handle(this::setQuantity),
        Route.delete("/carts/{id}/items/{sku}").id("removeCartItem").tag("carts").summary("Remove a line (nothing to do when absent)")
            .responds(200, ref("Cart")).errors(404, 409)
            .handle(call -> Reply.ok(carts.removeItem(call.tenant(), call.pathParam("id"), call.pathParam("sku"), call.metadata()))),
        Route.post("/carts/{id}/reprice").id("repriceCart").tag("carts")
            .summary("Bring every line to its product's current catalog price (lines of products off sale keep theirs)")
            .responds(200, ref("Cart")).errors(404, 409)
            .handle(call -> Reply.ok(carts.reprice(call.tenant(), call.pathParam("id"), call.metadata()))),
        Route.post("/carts/{id}/checkout").id("checkout").tag("carts")
            .summary("Place an order from the cart: stock held, order placed, cart closed, all at once; "
                + "the same Idempotency-Key and body answer the same order, another body 409")
            .idempotency(Route.Idempotency.REQUIRED)
            .body(object(
                required("customer", object(required("email", email()), required("name", string()))),
                required("shippingAddress", object(required("line1", string()), required("city", string()),
                    required("postalCode", string()), required("country", string("ISO 3166-1 alpha-2, e.g. DE")))),
                required("paymentToken", string("the payment method token, e.g. tok_approve with the simulated gateway"))))
            .responds(201, object(required("orderId", string()))).errors(404, 409).handle(this::checkout));
  }

  private Reply create(Call call) {
    String key = call.idempotencyKey();
    String cartId = key == null ? carts.create(call.tenantId()) : carts.create(call.tenantId(), IdempotentIds.derive("carts", key), call.metadata());
    return Reply.created(new Created(cartId));
  }

  private Reply addItem(Call call) {
    JsonBody body = call.body();
    String sku = body.string("sku", true);
    Long quantity = body.wholeNumber("quantity", true);
    body.check();
    return Reply.ok(carts.addItem(call.tenant(), call.pathParam("id"), sku, quantity, call.metadata()));
  }

  private Reply setQuantity(Call call) {
    JsonBody body = call.body();
    Long quantity = body.wholeNumber("quantity", true);
    body.check();
    return Reply.ok(carts.setQuantity(call.tenant(), call.pathParam("id"), call.pathParam("sku"), quantity, call.metadata()));
  }

  private Reply checkout(Call call) {
    String key = call.idempotencyKey();
    JsonBody body = call.body();
    JsonBody customer = body.object("customer", true);
    JsonBody address = body.object("shippingAddress", true);
    String token = body.string("paymentToken", true);
    String email = customer == null ? null : customer.string("email", true);
    String name = customer == null ? null : customer.string("name", true);
    String line1 = address == null ? null : address.string("line1", true);
    String city = address == null ? null : address.string("city", true);
    String postalCode = address == null ? null : address.string("postalCode", true);
    String country = address == null ? null : address.string("country", true);
    // The domain's own rules run before reporting, so one 422 names every offending field.
    Customer c = customer == null ? null : body.collect(() -> Customer.forCheckout(email, name));
    Address a = address == null ? null : body.collect(() -> new Address(line1, city, postalCode, country));
    if (token != null && (token.isBlank() || token.length() > 200)) {
      body.reject("paymentToken", "must be 1-200 characters");
    }
    body.check();
    CheckoutRequest request = new CheckoutRequest(c, a, token);
    return Reply.created(new Placed(carts.checkout(call.tenant(), call.pathParam("id"), key, request, call.metadata())));
  }
}
