package io.solstice.app.http;

import static io.solstice.app.http.Schemas.decimal;
import static io.solstice.app.http.Schemas.integer;
import static io.solstice.app.http.Schemas.object;
import static io.solstice.app.http.Schemas.optional;
import static io.solstice.app.http.Schemas.ref;
import static io.solstice.app.http.Schemas.required;
import static io.solstice.app.http.Schemas.string;

import io.solstice.commerce.catalog.Catalog;
import io.solstice.commerce.readmodel.ReadModels;
import io.solstice.commerce.shared.InvalidInputException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/** {@code /products…}: the tenant's catalog. */
final class ProductRoutes {
  static final int MAX_PAGE = 200;
  static final Duration READ_YOUR_WRITES_WAIT = Duration.ofSeconds(5);

  private final Catalog catalog;
  private final ReadModels readModels;

  ProductRoutes(Catalog catalog, ReadModels readModels) {
    this.catalog = catalog;
    this.readModels = readModels;
  }

  record Page<T>(List<T> items, String next) {}

  List<Route> routes() {
    return List.of(
        Route.put("/products/{sku}").id("putProduct").tag("products")
            .summary("Create or update a product (and put it back on sale); 201 when created, 200 when updated")
            .body(object(required("name", string()), required("price", decimal("unit price in the tenant's currency, e.g. 19.99")),
                optional("description", string())))
            .responds(201, ref("Product")).alsoResponds(200).handle(this::put),
        Route.get("/products").id("listProducts").tag("products").summary("The catalog, by SKU, with stock levels")
            .query("after", "return SKUs after this one (the previous page's next)", false, string())
            .query("limit", "page size, 1-" + MAX_PAGE + " (default 50)", false, integer(1, MAX_PAGE))
            .responds(200, ApiSchemas.page("ProductRow", true)).handle(this::list),
        Route.get("/products/{sku}").id("getProduct").tag("products").summary("One product")
            .responds(200, ref("Product")).errors(404)
            .handle(call -> Reply.ok(catalog.get(call.tenantId(), call.pathParam("sku")))),
        Route.post("/products/{sku}/unpublish").id("unpublishProduct").tag("products")
            .summary("Take a product off sale: carts can no longer add it and checkouts holding it are refused")
            .responds(200, ref("Product")).errors(404)
            .handle(call -> Reply.ok(catalog.unpublish(call.tenantId(), call.pathParam("sku"), call.metadata()))));
  }

  private Reply put(Call call) {
    JsonBody body = call.body();
    String name = body.string("name", true);
    BigDecimal price = body.decimal("price", true);
    String description = body.string("description", false);
    body.check();
    String tenant = call.tenantId();
    String sku = call.pathParam("sku");
    boolean existed = io.solstice.core.StreamName.isValidId(sku) && catalog.state(tenant, sku).exists();
    Catalog.ProductView view = catalog.put(tenant, call.tenant().currency(), sku, name, description, price, call.metadata());
    return Reply.status(existed ? 200 : 201, view);
  }

  private Reply list(Call call) throws InterruptedException {
    int limit = limit(call.query("limit"), 50);
    String after = call.query("after");
    readModels.awaitCaughtUp(call.tenantId(), READ_YOUR_WRITES_WAIT);
    List<ReadModels.ProductRow> rows = readModels.products(call.tenantId(), after == null || after.isEmpty() ? null : after, limit + 1);
    String next = rows.size() > limit ? rows.get(limit - 1).sku() : null;
    return Reply.ok(new Page<>(rows.size() > limit ? rows.subList(0, limit) : rows, next));
  }

  static int limit(String value, int dflt) {
    if (value == null || value.isEmpty()) {
      return dflt;
    }
    try {
      int limit = Integer.parseInt(value);
      if (limit >= 1 && limit <= MAX_PAGE) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidInputException("limit", "must be a whole number from 1 to " + MAX_PAGE);
  }
}
