package io.solstice.app.http;

import static io.solstice.app.http.Schemas.array;
import static io.solstice.app.http.Schemas.enumOf;
import static io.solstice.app.http.Schemas.integer;
import static io.solstice.app.http.Schemas.object;
import static io.solstice.app.http.Schemas.optional;
import static io.solstice.app.http.Schemas.ref;
import static io.solstice.app.http.Schemas.required;
import static io.solstice.app.http.Schemas.string;

import io.solstice.commerce.cart.Cart;
import io.solstice.commerce.order.Orders;
import io.solstice.commerce.readmodel.ReadModels;
import io.solstice.commerce.shared.Customer;
import io.solstice.commerce.shared.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /orders…} and {@code /shipments…}: reading orders, cancel, review, shipments and delivery. */
final class OrderRoutes {
  private final Orders orders;
  private final ReadModels readModels;

  OrderRoutes(Orders orders, ReadModels readModels) {
    this.orders = orders;
    this.readModels = readModels;
  }

  record Items<T>(List<T> items) {}

  record Events(String orderId, List<Orders.EventView> events, boolean truncated) {}

  List<Route> routes() {
    return List.of(
        Route.get("/orders").id("listCustomerOrders").tag("orders").summary("A customer's orders, newest first")
            .query("customer", "the customer's e-mail (case-insensitive)", true, Schemas.email())
            .query("limit", "1-" + ProductRoutes.MAX_PAGE + " (default 50)", false, integer(1, ProductRoutes.MAX_PAGE))
            .responds(200, ApiSchemas.page("OrderRow", false)).handle(this::byCustomer),
        Route.get("/orders/{id}").id("getOrder").tag("orders").summary("An order: status, lines, totals, history")
            .responds(200, ref("Order")).errors(404)
            .handle(call -> Reply.ok(orders.get(call.tenantId(), call.pathParam("id")))),
        Route.get("/orders/{id}/events").id("getOrderEvents").tag("orders")
            .summary("Every event about the order — its own and those of its fraud check, payment, stock and shipments — in position order"
                + " (each read bounded; truncated says one was cut)")
            .responds(200, object(required("orderId", string()), required("events", array(ref("OrderEvent"))),
                optional("truncated", Schemas.bool()))).errors(404)
            .handle(call -> {
              String id = call.pathParam("id");
              Orders.OrderEvents found = orders.events(call.tenantId(), id);
              return Reply.ok(new Events(id, found.events(), found.truncated()));
            }),
        Route.post("/orders/{id}/cancel").id("cancelOrder").tag("orders")
            .summary("Cancel an order that has not shipped: stock released, authorization voided, customer mailed")
            .optionalBody(object(optional("reason", string()))).responds(200, ref("Order")).errors(404, 409)
            .handle(call -> {
              JsonBody body = call.body();
              String reason = body.string("reason", false);
              if (reason != null && reason.length() > 500) {
                body.reject("reason", "must be at most 500 characters");
              }
              body.check();
              return Reply.ok(orders.cancel(call.tenantId(), call.pathParam("id"), reason, call.metadata()));
            }),
        Route.post("/orders/{id}/review").id("reviewOrder").tag("orders").summary("Decide on an order under manual review")
            .body(object(required("decision", enumOf("approve", "reject")))).responds(200, ref("Order")).errors(404, 409)
            .handle(call -> {
              JsonBody body = call.body();
              String decision = body.string("decision", true);
              body.check();
              return Reply.ok(orders.review(call.tenantId(), call.pathParam("id"), decision, call.metadata()));
            }),
        Route.post("/orders/{id}/shipments").id("addShipment").tag("fulfillment")
            .summary("Ship some (lines) or all remaining units of a released order")
            .optionalBody(object(
                optional("lines", array(object(required("sku", string()), required("quantity", integer(1, Cart.MAX_LINE_QUANTITY))))),
                optional("tracking", string())))
            .idempotency(Route.Idempotency.OPTIONAL)
            .responds(201, ref("Shipment")).errors(404, 409).handle(this::ship),
        Route.get("/shipments/{id}").id("getShipment").tag("fulfillment").summary("A shipment")
            .responds(200, ref("Shipment")).errors(404)
            .handle(call -> Reply.ok(orders.shipment(call.tenantId(), call.pathParam("id")))),
        Route.post("/shipments/{id}/delivered").id("shipmentDelivered").tag("fulfillment")
            .summary("Confirm a shipment's delivery; the order is delivered when all its shipments are")
            .responds(200, ref("Shipment")).errors(404)
            .handle(call -> Reply.ok(orders.delivered(call.tenantId(), call.pathParam("id"), call.metadata()))));
  }

  private Reply byCustomer(Call call) throws InterruptedException {
    String email = call.query("customer");
    if (email == null || email.isBlank()) {
      throw new InvalidInputException("customer", "query parameter is required: ?customer=ana@example.com");
    }
    try {
      email = new Customer(email, "-").email();
    } catch (InvalidInputException e) {
      throw new InvalidInputException("customer", "must be an e-mail address like ana@example.com");
    }
    int limit = ProductRoutes.limit(call.query("limit"), 50);
    readModels.awaitCaughtUp(call.tenantId(), ProductRoutes.READ_YOUR_WRITES_WAIT);
    return Reply.ok(new Items<>(readModels.ordersByCustomer(call.tenantId(), email, limit)));
  }

  private Reply ship(Call call) {
    String key = call.idempotencyKey();
    JsonBody body = call.body();
    List<JsonBody> lines = body.objects("lines", false);
    String tracking = body.string("tracking", false);
    Map<String, Integer> shipping = new LinkedHashMap<>();
    if (lines != null) {
      for (int i = 0; i < lines.size(); i++) {
        JsonBody line = lines.get(i);
        String sku = line.string("sku", true);
        Long quantity = line.wholeNumber("quantity", true);
        if (sku == null || quantity == null) {
          continue;
        }
        if (quantity < 1 || quantity > Cart.MAX_LINE_QUANTITY) {
          line.reject("quantity", "must be a whole number from 1 to " + Cart.MAX_LINE_QUANTITY);
        } else if (shipping.putIfAbsent(sku, quantity.intValue()) != null) {
          line.reject("sku", "appears twice; list each SKU once");
        }
      }
    }
    if (tracking != null && (tracking.isBlank() || tracking.length() > 100)) {
      body.reject("tracking", "must be 1-100 characters");
    }
    body.check();
    String tenant = call.tenantId();
    String orderId = call.pathParam("id");
    Orders.ShipmentView view = key == null
        ? orders.addShipment(tenant, orderId, shipping, tracking, call.metadata())
        : orders.addShipment(tenant, orderId, IdempotentIds.derive("shipments:" + orderId, key), shipping, tracking, call.metadata());
    return Reply.created(view);
  }
}
