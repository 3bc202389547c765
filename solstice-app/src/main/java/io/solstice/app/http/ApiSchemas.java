package io.solstice.app.http;

import static io.solstice.app.http.Schemas.array;
import static io.solstice.app.http.Schemas.bool;
import static io.solstice.app.http.Schemas.dateTime;
import static io.solstice.app.http.Schemas.decimal;
import static io.solstice.app.http.Schemas.enumOf;
import static io.solstice.app.http.Schemas.integer;
import static io.solstice.app.http.Schemas.map;
import static io.solstice.app.http.Schemas.nullableString;
import static io.solstice.app.http.Schemas.object;
import static io.solstice.app.http.Schemas.optional;
import static io.solstice.app.http.Schemas.ref;
import static io.solstice.app.http.Schemas.required;
import static io.solstice.app.http.Schemas.string;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** The shared response schemas of the API ({@code #/components/schemas}). */
public final class ApiSchemas {
  private ApiSchemas() {}

  static final String[] ORDER_STATUSES = {"placed", "under_review", "rejected", "payment_declined", "confirmed", "released",
      "shipped", "delivered", "completed", "cancelled"};

  /** Every named schema. */
  public static Map<String, ObjectNode> components() {
    Map<String, ObjectNode> c = new LinkedHashMap<>();
    c.put("Policy", object(
        required("taxRate", decimal("tax added to the subtotal, 0 to 1")),
        required("fraudReviewThreshold", decimal("order totals above this go to manual review")),
        required("captureOn", enumOf("confirm", "ship")),
        required("mailSender", Schemas.email()),
        required("paymentAttempts", integer(1, 10))));
    c.put("Tenant", object(
        required("tenantId", string()), required("name", string()), required("currency", string("ISO 4217")),
        required("suspended", bool()), required("policy", ref("Policy")), required("keyId", string("public prefix of the current key")),
        required("placement", string())));
    c.put("Product", object(
        required("sku", string()), required("name", string()), required("description", string()),
        required("price", decimal("unit price")), required("currency", string()), required("active", Schemas.described(bool(), "buyable"))));
    c.put("ProductRow", object(
        required("sku", string()), required("name", string()), required("description", string()),
        required("price", decimal("unit price")), required("currency", string()), required("active", bool()),
        required("onHand", integer()), required("reserved", integer()), required("available", integer())));
    c.put("Stock", object(
        required("sku", string()), required("onHand", integer()), required("reserved", Schemas.described(integer(), "held for live orders")),
        required("available", integer())));
    ObjectNode cartLine = object(required("sku", string()), required("name", string()), required("quantity", integer(1, 1_000_000)),
        required("unitPrice", decimal("")), required("lineTotal", decimal("")));
    c.put("Cart", object(
        required("cartId", string()), required("status", enumOf("open", "checked_out")), required("lines", array(cartLine)),
        required("subtotal", decimal("")), required("currency", string()), required("orderId", nullableString("the order once checked out"))));
    ObjectNode orderLine = object(required("sku", string()), required("name", string()), required("quantity", integer()),
        required("shipped", integer()), required("unitPrice", decimal("")), required("lineTotal", decimal("")));
    c.put("Order", object(
        required("orderId", string()), required("status", enumOf(ORDER_STATUSES)), required("customerEmail", Schemas.email()),
        required("lines", array(orderLine)),
        required("totals", object(required("subtotal", decimal("")), required("tax", decimal("")), required("total", decimal("")),
            required("currency", string()))),
        required("shipments", array(string())), required("reason", nullableString("why the order was rejected, declined or cancelled")),
        required("history", array(object(required("event", string()), required("status", enumOf(ORDER_STATUSES)), required("at", dateTime()))))));
    c.put("OrderRow", object(
        required("orderId", string()), required("customerEmail", string()), required("status", enumOf(ORDER_STATUSES)),
        required("total", decimal("")), required("currency", string()), required("units", integer()),
        required("placedAt", dateTime()), required("updatedAt", dateTime())));
    c.put("OrderEvent", object(
        required("position", integer()), required("stream", string("tenant:Category-id")), required("version", integer()),
        required("type", string()), required("at", dateTime()), required("eventId", string()), required("data", Schemas.any())));
    c.put("Shipment", object(
        required("shipmentId", string()), required("orderId", string()), required("lines", map(integer())),
        required("tracking", string()), required("delivered", bool())));
    ObjectNode salesHour = object(required("hour", dateTime()), required("placed", integer()), required("orders", integer()),
        required("units", integer()), required("revenue", decimal("")));
    c.put("SalesReport", object(
        required("tenant", string()), required("from", dateTime()), required("to", dateTime()), required("currency", nullableString("")),
        required("placed", Schemas.described(integer(), "orders placed in the window")),
        required("orders", Schemas.described(integer(), "of which sold: confirmed or beyond, not cancelled")),
        required("units", integer()), required("revenue", decimal("total of sold orders, tax included")), required("hours", array(salesHour))));
    c.put("QueryResult", object(
        required("columns", array(string())), required("types", array(string())), required("rows", array(array(Schemas.any()))),
        required("truncated", Schemas.described(bool(), "true when rows were cut at the row limit"))));
    operationsAdmin(c);
    return c;
  }

  /** The schemas of the operations console's admin API. */
  private static void operationsAdmin(Map<String, ObjectNode> c) {
    c.put("DeadLetter", object(
        required("id", integer()), required("service", string()), required("tenant", string()), required("stream", string("tenant:Category-id")),
        required("version", integer()), required("position", integer()), required("event_id", string()), required("event_type", string()),
        required("attempts", integer()), required("error", string("the last error: exception class and message")),
        required("parked_at", dateTime()), required("status", enumOf("PARKED", "REPLAY_REQUESTED", "RESOLVED")),
        optional("event", ref("AdminEvent"))));
    ObjectNode metadata = object(required("correlationId", nullableString("")), required("causationId",
        nullableString("the id of the event that caused it, or http:<correlation id> for a request")),
        required("traceparent", nullableString("W3C trace context")), required("producer", nullableString("the service or http")));
    c.put("AdminEvent", object(
        required("position", integer()), required("stream", string("tenant:Category-id")), required("tenant", string()),
        required("category", string()), required("streamId", string()), required("version", integer()), required("type", string()),
        required("eventId", string()), required("at", dateTime()), required("metadata", metadata),
        required("data", Schemas.described(Schemas.any(), "the event's data; secrets (payment tokens, key hashes) redacted"))));
    c.put("EventSummary", object(
        required("position", integer()), required("stream", string()), required("tenant", string()), required("category", string()),
        required("streamId", string()), required("version", integer()), required("type", string()), required("eventId", string()),
        required("at", dateTime()), required("producer", nullableString("")), required("correlationId", nullableString(""))));
    c.put("MailEffect", object(required("key", string("the causing event's id: file name and Message-ID")), required("subject", string()),
        required("status", enumOf("written", "pending", "smtp"))));
    ObjectNode stats = object(required("throughput", decimal("inputs handled per second")), required("handled", integer()),
        required("failed", integer()), required("parked", integer()), required("lagEvents", integer()),
        required("lagSeconds", decimal("")), required("inflight", integer()), required("stuck", integer()),
        required("tenants", Schemas.map(Schemas.any())));
    c.put("ServiceInstance", object(
        required("service", string()), required("instance", string("host-pid-random, unique per process start")), required("host", string()), required("local", bool()),
        required("state", enumOf("NEW", "STANDBY", "RUNNING", "STOPPING", "STOPPED", "FAILED")),
        required("role", enumOf("active", "standby", "stopped")),
        required("partitions", array(string())), required("heartbeat", dateTime()), required("stats", stats)));
    ObjectNode point = object(required("at", dateTime()), required("ordersPerSecond", Schemas.any()),
        required("ordersPerSecondByTenant", Schemas.map(Schemas.any())), required("mails", integer()),
        required("mailP50Millis", Schemas.any()), required("mailP99Millis", Schemas.any()));
    ObjectNode tenantLine = object(required("tenantId", string()), required("name", string()), required("currency", string()),
        required("suspended", bool()), required("orders", integer()), required("byStatus", Schemas.map(integer())),
        required("revenue", decimal("totals of orders confirmed or beyond, not cancelled")), required("ordersPerSecond", Schemas.any()));
    c.put("Overview", object(
        required("generatedAt", dateTime()), required("liveSince", Schemas.any()), required("intervalSeconds", decimal("")),
        required("tenants", array(tenantLine)), required("orders", integer()), required("ordersPerSecond", Schemas.any()),
        required("series", array(point))));
  }

  /** {@code {"items": [ref]}} plus an optional cursor. */
  static ObjectNode page(String itemSchema, boolean cursor) {
    return cursor
        ? object(required("items", array(ref(itemSchema))), required("next", nullableString("pass as ?after= for the next page; null on the last")))
        : object(required("items", array(ref(itemSchema))));
  }

  static ObjectNode optionalString(String description) {
    return Schemas.described(string(), description);
  }

  static Schemas.Property opt(String name, ObjectNode schema) {
    return optional(name, schema);
  }
}
