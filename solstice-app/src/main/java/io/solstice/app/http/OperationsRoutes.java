package io.solstice.app.http;

import static io.solstice.app.http.Schemas.enumOf;
import static io.solstice.app.http.Schemas.object;
import static io.solstice.app.http.Schemas.optional;
import static io.solstice.app.http.Schemas.required;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The public routes: {@code /openapi.json}, and the probes {@code /health/live}, {@code
 * /health/ready} and {@code /metrics}, which need no key (as Prometheus and orchestrators expect)
 * and move to the management port when one is set.
 */
final class OperationsRoutes {
  private final Operations operations;
  private final Supplier<ObjectNode> openApi;

  OperationsRoutes(Operations operations, Supplier<ObjectNode> openApi) {
    this.operations = operations;
    this.openApi = openApi;
  }

  record Health(String status, Map<String, Object> details) {}

  /** Every public route: the document and the probes. */
  List<Route> routes() {
    List<Route> all = new java.util.ArrayList<>(openApi());
    all.addAll(probes());
    return List.copyOf(all);
  }

  /** {@code /openapi.json}. */
  List<Route> openApi() {
    return List.of(Route.get("/openapi.json").id("openApi").tag("operations").access(Access.PUBLIC).summary("This document (OpenAPI 3.1)")
        .responds(200, Schemas.object()).handle(call -> Reply.ok(openApi.get())));
  }

  /** {@code /health/live}, {@code /health/ready} and {@code /metrics}: on the API port, or alone on the management port. */
  List<Route> probes() {
    ObjectNode health = object(required("status", enumOf("up", "down")), optional("details", Schemas.map(Schemas.any())));
    return List.of(
        Route.get("/health/live").id("live").tag("operations").access(Access.PUBLIC)
            .summary("Liveness: 200 while the process works, 503 when it should be restarted")
            .responds(200, health).errors(503).handle(call -> health(operations.live())),
        Route.get("/health/ready").id("ready").tag("operations").access(Access.PUBLIC)
            .summary("Readiness: 200 when the store answers and is migrated and every service runs, else 503 with the details")
            .responds(200, health).errors(503).handle(call -> health(operations.ready())),
        Route.get("/metrics").id("metrics").tag("operations").access(Access.PUBLIC).summary("Metrics in Prometheus text format")
            .responds(200, Schemas.string()).respondsText("text/plain")
            .handle(call -> Reply.text(operations.scrape(), operations.scrapeContentType())));
  }

  private static Reply health(Operations.Check check) {
    return Reply.status(check.up() ? 200 : 503, new Health(check.up() ? "up" : "down", check.details()));
  }
}
