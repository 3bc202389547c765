package io.solstice.app.traffic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sets up the generator's tenants over the HTTP API with the admin key: provisions each tenant (or,
 * when it exists from an earlier run on the same data, issues it a new key), sets its policy (tax
 * rate, {@link ShopCatalog#REVIEW_THRESHOLD}, capture on ship), defines the catalog and counts stock in.
 */
public final class ShopProvisioner {
  private final ApiClient api;
  private final String adminKey;

  public ShopProvisioner(ApiClient api, String adminKey) {
    this.api = api;
    this.adminKey = adminKey;
  }

  /**
   * Provisions every tenant of {@code specs} with {@code catalog} and {@code stockPerSku} units of
   * every SKU.
   *
   * @throws ApiClient.ApiException naming the step that failed (e.g. a wrong admin key: 401)
   */
  public List<Shop> provision(List<TenantSpec> specs, ShopCatalog catalog, long stockPerSku) {
    List<Shop> shops = new ArrayList<>(specs.size());
    for (int i = 0; i < specs.size(); i++) {
      shops.add(provision(i, specs.get(i), catalog, stockPerSku));
    }
    return shops;
  }

  private Shop provision(int index, TenantSpec spec, ShopCatalog catalog, long stockPerSku) {
    Map<String, Object> tenant = Map.of("id", spec.id(), "name", spec.name(), "currency", spec.currency());
    ApiClient.Response created = api.post("/admin/tenants", adminKey, tenant, null);
    String key;
    if (created.status() == 201) {
      key = created.text("apiKey");
    } else if (created.status() == 409) {
      key = api.postExpecting(201, "/admin/tenants/" + spec.id() + "/keys", adminKey, null, null).path("apiKey").asText();
    } else if (created.status() == 401) {
      throw new ApiClient.ApiException("the server refused the admin key (401) when provisioning tenant " + spec.id()
          + "; pass the key the server was started with (--admin-key or SOLSTICE_ADMIN_KEY)", 401);
    } else {
      throw new ApiClient.ApiException("provisioning tenant " + spec.id() + " answered " + created, created.status());
    }
    Map<String, Object> policy = new LinkedHashMap<>();
    policy.put("taxRate", spec.taxRate());
    policy.put("fraudReviewThreshold", ShopCatalog.REVIEW_THRESHOLD);
    policy.put("captureOn", "ship");
    ApiClient.expect(200, "PUT policy of " + spec.id(), api.put("/admin/tenants/" + spec.id() + "/policy", adminKey, policy));
    for (ShopCatalog.Product p : catalog.all()) {
      ApiClient.Response put = api.put("/products/" + p.sku(), key, Map.of("name", p.name(), "price", p.price()));
      if (put.status() != 200 && put.status() != 201) {
        throw new ApiClient.ApiException("defining product " + p.sku() + " of tenant " + spec.id() + " answered " + put, put.status());
      }
      long remaining = stockPerSku;
      int part = 0;
      while (remaining > 0) {
        long units = Math.min(remaining, 10_000_000L);
        api.postExpecting(201, "/inventory/" + p.sku() + "/adjustments", key, Map.of("quantity", units, "reason", "generated stock"),
            "stock-" + spec.id() + "-" + p.sku() + "-" + System.nanoTime() + "-" + part++);
        remaining -= units;
      }
    }
    return new Shop(index, spec, key, catalog);
  }
}
