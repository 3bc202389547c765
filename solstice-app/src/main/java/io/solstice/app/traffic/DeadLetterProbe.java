package io.solstice.app.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the dead letters parked for the run's tenants ({@code GET
 * /admin/dead-letters?status=PARKED}, admin key): a traffic run without injected faults must park
 * none, so each one is a mismatch of the report, with its service, event, stream and error.
 */
final class DeadLetterProbe {
  /** The most letters one reconciliation reads (the report shows the first few of them). */
  static final int LIMIT = 1_000;

  private DeadLetterProbe() {}

  /** One line per letter parked for one of {@code tenants}, or one line saying why they could not be read. */
  static List<String> parked(ApiClient api, String adminKey, Set<String> tenants) {
    ApiClient.Response r;
    try {
      r = api.get("/admin/dead-letters?status=PARKED&limit=" + LIMIT, adminKey);
    } catch (ApiClient.ApiException e) {
      return List.of("dead letters could not be read: " + e.getMessage());
    }
    if (!r.ok()) {
      return List.of("dead letters could not be read: GET /admin/dead-letters answered " + r);
    }
    List<String> parked = new ArrayList<>();
    for (JsonNode letter : r.json().path("items")) {
      if (tenants.contains(letter.path("tenant").asText())) {
        parked.add("dead letter of " + letter.path("service").asText() + ": " + letter.path("event_type").asText() + " of "
            + letter.path("stream").asText() + " after " + letter.path("attempts").asInt() + " attempts: " + letter.path("error").asText());
      }
    }
    return parked;
  }
}
