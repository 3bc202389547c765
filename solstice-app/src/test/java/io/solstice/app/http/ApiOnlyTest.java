package io.solstice.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.app.http.TestServer.Tenant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code --services none}: the API alone; orders stay placed, so the earliest cancel is testable. */
class ApiOnlyTest {
  @RegisterExtension static final TestServer server = TestServer.apiOnly();

  @Test
  void readinessNeedsOnlyTheStoreWhenNoServiceRuns() {
    assertThat(server.get("/health/ready", null).status()).isEqualTo(200);
  }

  @Test
  void aPlacedOrderCanBeCancelledAndItsHistoryShowsBoth() {
    Tenant t = server.tenant("EUR");
    server.product(t, "TEE", "10.00", 5);
    String order = server.order(t, "TEE", 2, "ana@example.com", "tok_approve");
    assertThat(server.status(t, order)).isEqualTo("placed");
    assertThat(server.available(t, "TEE")).isEqualTo(3);
    var cancelled = server.post("/orders/" + order + "/cancel", t.key(), null).json();
    assertThat(cancelled.path("status").asText()).isEqualTo("cancelled");
    assertThat(cancelled.path("history").findValuesAsText("event")).containsExactly("Placed", "Cancelled");
  }
}
