package io.solstice.app.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Reads a tenant's sales from analytics ({@code GET /analytics/sales?from=&to=}): placed orders,
 * sales (orders that reached confirmed and were not cancelled) and revenue (their totals, tax
 * included). A server without analytics (404 on the route, or 503) is reported as unavailable.
 */
public final class AnalyticsProbe {
  private final ApiClient api;

  public AnalyticsProbe(ApiClient api) {
    this.api = api;
  }

  /** What analytics said. */
  public sealed interface Sales {
    /** The figures of the window. */
    record Figures(long placed, long orders, BigDecimal revenue, String currency) implements Sales {}

    /** No analytics on this server, or it failed; {@code why} says which. */
    record Unavailable(String why) implements Sales {}
  }

  /** The sales of {@code shop} placed in {@code [from, to)}. */
  public Sales sales(Shop shop, Instant from, Instant to) {
    String path = "/analytics/sales?from=" + URLEncoder.encode(from.toString(), StandardCharsets.UTF_8) + "&to="
        + URLEncoder.encode(to.toString(), StandardCharsets.UTF_8);
    ApiClient.Response r;
    try {
      r = api.get(path, shop.apiKey());
    } catch (ApiClient.ApiException e) {
      return new Sales.Unavailable(e.getMessage());
    }
    if (r.status() == 404 || r.status() == 405 || r.status() == 501 || r.status() == 503) {
      String detail = r.text("detail");
      return new Sales.Unavailable("GET /analytics/sales answered " + r.status() + (detail == null ? "" : ": " + detail));
    }
    if (!r.ok()) {
      return new Sales.Unavailable("GET /analytics/sales answered " + r);
    }
    JsonNode j = r.json();
    JsonNode revenue = j.path("revenue");
    if (revenue.isMissingNode() || revenue.isNull()) {
      return new Sales.Unavailable("GET /analytics/sales has no revenue field: " + r);
    }
    return new Sales.Figures(j.path("placed").asLong(-1), j.path("orders").asLong(-1), new BigDecimal(revenue.asText()),
        j.path("currency").isTextual() ? j.path("currency").asText() : null);
  }
}
