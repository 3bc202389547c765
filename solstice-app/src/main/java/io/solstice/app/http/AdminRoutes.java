package io.solstice.app.http;

import static io.solstice.app.http.Schemas.decimal;
import static io.solstice.app.http.Schemas.enumOf;
import static io.solstice.app.http.Schemas.integer;
import static io.solstice.app.http.Schemas.object;
import static io.solstice.app.http.Schemas.optional;
import static io.solstice.app.http.Schemas.ref;
import static io.solstice.app.http.Schemas.required;
import static io.solstice.app.http.Schemas.string;

import io.solstice.commerce.shared.InvalidInputException;
import io.solstice.commerce.tenancy.Policy;
import io.solstice.commerce.tenancy.Tenant;
import io.solstice.commerce.tenancy.Tenancy;
import io.solstice.commerce.tenancy.Tenancy.TenantView;
import io.solstice.core.store.TenantPlacement;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code /admin/tenants…}: provisioning, key rotation, policy, suspension. Admin key only. */
final class AdminRoutes {
  private final Tenancy tenancy;
  private final Set<String> placements;

  AdminRoutes(Tenancy tenancy, Set<String> placements) {
    this.tenancy = tenancy;
    this.placements = Set.copyOf(placements);
  }

  /** A tenant as the admin API shows it (capture mode in lower case, as it is sent). */
  record TenantJson(String tenantId, String name, String currency, boolean suspended, PolicyJson policy, String keyId, String placement) {
    static TenantJson of(TenantView v) {
      Policy p = v.policy();
      return new TenantJson(v.tenantId(), v.name(), v.currency(), v.suspended(),
          new PolicyJson(p.taxRate(), p.fraudReviewThreshold(), p.captureOn().name().toLowerCase(Locale.ROOT), p.mailSender(), p.paymentAttempts()),
          v.keyId(), v.placement());
    }
  }

  record PolicyJson(BigDecimal taxRate, BigDecimal fraudReviewThreshold, String captureOn, String mailSender, int paymentAttempts) {}

  record Items<T>(List<T> items) {}

  List<Route> routes() {
    return List.of(
        Route.post("/admin/tenants").id("provisionTenant").tag("admin").access(Access.ADMIN)
            .summary("Provision a tenant; answers its first API key (shown once, stored only as a keyed hash)")
            .body(object(required("id", string("tenant id: 1-40 of [a-z0-9_-], starting with a lowercase letter or digit")), required("name", string()),
                required("currency", string("ISO 4217, e.g. EUR")),
                optional("placement", string("where the tenant's data lives: 'pooled' (default) or a dedicated store configured as store.NAME.url"))))
            .responds(201, object(required("tenantId", string()), required("apiKey", string("sk_<tenant>_…; keep it, it is not shown again"))))
            .errors(409).handle(this::provision),
        Route.get("/admin/tenants").id("listTenants").tag("admin").access(Access.ADMIN).summary("List every tenant")
            .responds(200, ApiSchemas.page("Tenant", false)).handle(call -> Reply.ok(new Items<>(tenancy.list().stream().map(TenantJson::of).toList()))),
        Route.get("/admin/tenants/{id}").id("getTenant").tag("admin").access(Access.ADMIN).summary("One tenant")
            .responds(200, ref("Tenant")).errors(404).handle(call -> Reply.ok(TenantJson.of(tenancy.get(call.pathParam("id"))))),
        Route.post("/admin/tenants/{id}/keys").id("rotateTenantKey").tag("admin").access(Access.ADMIN)
            .summary("Issue a new API key for the tenant; the previous key stops working at once")
            .responds(201, object(required("tenantId", string()), required("apiKey", string()))).errors(404)
            .handle(call -> {
              String id = call.pathParam("id");
              return Reply.created(new Provisioned(id, tenancy.rotateKey(id)));
            }),
        Route.put("/admin/tenants/{id}/policy").id("changeTenantPolicy").tag("admin").access(Access.ADMIN)
            .summary("Change the tenant's policy; fields left out keep their current values")
            .body(object(optional("taxRate", decimal("0 to 1")), optional("fraudReviewThreshold", decimal("amount")),
                optional("captureOn", enumOf("confirm", "ship")), optional("mailSender", Schemas.email()),
                optional("paymentAttempts", integer(1, 10))))
            .responds(200, ref("Tenant")).errors(404).handle(this::changePolicy),
        Route.post("/admin/tenants/{id}/suspend").id("suspendTenant").tag("admin").access(Access.ADMIN)
            .summary("Suspend the tenant: its key stops working (401), its data stays")
            .optionalBody(object(optional("reason", string()))).responds(200, ref("Tenant")).errors(404)
            .handle(call -> {
              JsonBody body = call.body();
              String reason = body.string("reason", false);
              body.check();
              return Reply.ok(TenantJson.of(tenancy.suspend(call.pathParam("id"), reason)));
            }),
        Route.post("/admin/tenants/{id}/reinstate").id("reinstateTenant").tag("admin").access(Access.ADMIN)
            .summary("Lift a suspension").responds(200, ref("Tenant")).errors(404)
            .handle(call -> Reply.ok(TenantJson.of(tenancy.reinstate(call.pathParam("id"))))));
  }

  record Provisioned(String tenantId, String apiKey) {}

  private Reply provision(Call call) {
    JsonBody body = call.body();
    String id = body.string("id", true);
    String name = body.string("name", true);
    String currency = body.string("currency", true);
    String placement = body.string("placement", false);
    body.check();
    // Collect every field's problem into one 422 (provision would stop at the first).
    body.collect(() -> {
      if (placement != null && !placement.equals(TenantPlacement.POOLED) && !placements.contains(placement)) {
        throw new InvalidInputException("placement", "'" + placement + "' names no configured store: use 'pooled'"
            + (placements.isEmpty() ? " (no dedicated store is configured: add store." + placement + ".url to the settings file)"
                : " or one of " + new java.util.TreeSet<>(placements)));
      }
      return null;
    });
    body.collect(() -> {
      Tenancy.requireNewTenantId(id);
      return null;
    });
    body.collect(() -> {
      Tenant.validate(name, currency);
      return null;
    });
    body.check();
    Tenancy.Provisioned p = tenancy.provision(id, name, currency,
        placement == null ? TenantPlacement.POOLED_STORE : new TenantPlacement(placement));
    return Reply.created(new Provisioned(p.tenantId(), p.apiKey()));
  }

  private Reply changePolicy(Call call) {
    JsonBody body = call.body();
    BigDecimal taxRate = body.decimal("taxRate", false);
    BigDecimal threshold = body.decimal("fraudReviewThreshold", false);
    String captureOn = body.string("captureOn", false);
    String mailSender = body.string("mailSender", false);
    Long attempts = body.wholeNumber("paymentAttempts", false);
    Policy.CaptureOn capture = null;
    if (captureOn != null) {
      switch (captureOn) {
        case "confirm" -> capture = Policy.CaptureOn.CONFIRM;
        case "ship" -> capture = Policy.CaptureOn.SHIP;
        default -> body.reject("captureOn", "must be 'confirm' or 'ship'");
      }
    }
    if (attempts != null && (attempts < 1 || attempts > 10)) {
      body.reject("paymentAttempts", "must be from 1 to 10");
    }
    body.check();
    String id = call.pathParam("id");
    Policy current = tenancy.get(id).policy();
    Policy.CaptureOn captureMode = capture == null ? current.captureOn() : capture;
    Policy next = new Policy(taxRate == null ? current.taxRate() : taxRate, threshold == null ? current.fraudReviewThreshold() : threshold,
          captureMode, mailSender == null ? current.mailSender() : mailSender,
          attempts == null ? current.paymentAttempts() : attempts.intValue());
    return Reply.ok(TenantJson.of(tenancy.changePolicy(id, next)));
  }
}
