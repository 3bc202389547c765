package io.solstice.app.http;

import static io.solstice.app.http.Schemas.integer;
import static io.solstice.app.http.Schemas.object;
import static io.solstice.app.http.Schemas.optional;
import static io.solstice.app.http.Schemas.ref;
import static io.solstice.app.http.Schemas.required;
import static io.solstice.app.http.Schemas.string;

import io.solstice.commerce.inventory.Inventory;
import io.solstice.commerce.inventory.Stock;
import io.solstice.commerce.shared.InvalidInputException;
import io.solstice.core.decider.EventIds;
import java.util.List;

/** {@code /inventory…}: stock levels and adjustments. */
final class InventoryRoutes {
  private final Inventory inventory;

  InventoryRoutes(Inventory inventory) {
    this.inventory = inventory;
  }

  List<Route> routes() {
    return List.of(
        Route.post("/inventory/{sku}/adjustments").id("adjustStock").tag("inventory")
            .summary("Count units in (positive) or out (negative) of the warehouse")
            .body(object(required("quantity", integer(-Stock.MAX_ADJUSTMENT, Stock.MAX_ADJUSTMENT).put("description", "non-zero")),
                optional("reason", string())))
            .idempotency(Route.Idempotency.OPTIONAL)
            .responds(201, ref("Stock")).errors(404, 409).handle(this::adjust),
        Route.get("/inventory/{sku}").id("getStock").tag("inventory").summary("Stock of one SKU")
            .responds(200, ref("Stock")).errors(404)
            .handle(call -> Reply.ok(inventory.get(call.tenantId(), call.pathParam("sku")))));
  }

  private Reply adjust(Call call) {
    String key = call.idempotencyKey();
    JsonBody body = call.body();
    Long quantity = body.wholeNumber("quantity", true);
    String reason = body.string("reason", false);
    if (reason != null && reason.length() > 200) {
      body.reject("reason", "must be at most 200 characters");
    }
    body.check();
    if (quantity == 0 || Math.abs(quantity) > Stock.MAX_ADJUSTMENT) {
      throw new InvalidInputException("quantity", "must be a non-zero whole number between -" + Stock.MAX_ADJUSTMENT + " and " + Stock.MAX_ADJUSTMENT);
    }
    String sku = call.pathParam("sku");
    EventIds ids = key == null ? EventIds.RANDOM : EventIds.fromCausation("http:adjustment:" + sku + ":" + key);
    return Reply.created(inventory.adjust(call.tenantId(), sku, quantity, reason, call.metadata(), ids));
  }
}
