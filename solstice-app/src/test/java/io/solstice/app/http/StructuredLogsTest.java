package io.solstice.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solstice.app.SimulatedFaults;
import io.solstice.app.http.TestServer.Response;
import io.solstice.app.http.TestServer.Tenant;
import io.solstice.app.ops.JsonLogEncoder;
import io.solstice.testkit.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A service's log lines about an order carry the tenant, service, stream, correlation id and the
 * trace id of the request that placed it (from the event's trace context, tracing on or off), and
 * {@code --log-format json} writes them as fields.
 */
class StructuredLogsTest {

  @Test
  void aParkedInputIsLoggedWithItsTenantServiceStreamCorrelationAndTrace(@TempDir Path data) throws Exception {
    Logger pipeline = (Logger) LoggerFactory.getLogger("io.solstice.pipeline");
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    pipeline.addAppender(captured);
    try (TestServer server = TestServer.start(data, b -> b.faults(new SimulatedFaults(1, 0)))) {
      Tenant shop = server.tenant("EUR");
      server.product(shop, "TEE", "20.00", 10);
      String cart = server.cart(shop, "TEE", 1);
      String traceId = "0af7651916cd43dd8448eb211c80319c";
      Response r = server.send("POST", "/carts/" + cart + "/checkout", shop.key(), TestServer.checkoutBody("ana@example.com", "tok_approve"),
          Map.of("Idempotency-Key", "k-" + cart, "traceparent", "00-" + traceId + "-b7ad6b7169203331-01", "X-Correlation-Id", "corr-77"));
      assertThat(r.status()).as(r.toString()).isEqualTo(201);
      String order = r.json().path("orderId").asText();
      Await.until("the fraud service's warning about the parked input",
          () -> logged(captured).stream().anyMatch(e -> e.getFormattedMessage().contains("parked") && "fraud".equals(e.getMDCPropertyMap().get("service"))));
      ILoggingEvent parked = logged(captured).stream()
          .filter(e -> e.getFormattedMessage().contains("parked") && "fraud".equals(e.getMDCPropertyMap().get("service"))).findFirst().orElseThrow();

      JsonLogEncoder encoder = new JsonLogEncoder();
      encoder.setContext(pipeline.getLoggerContext());
      encoder.start();
      JsonNode line = new ObjectMapper().readTree(new String(encoder.encode(parked), StandardCharsets.UTF_8));
      assertThat(line.path("level").asText()).isEqualTo("WARN");
      assertThat(line.path("service").asText()).isEqualTo("fraud");
      assertThat(line.path("tenant").asText()).isEqualTo(shop.id());
      assertThat(line.path("stream").asText()).isEqualTo(shop.id() + ":Order-" + order);
      assertThat(line.path("correlationId").asText()).isEqualTo(order);
      assertThat(line.path("traceId").asText()).isEqualTo(traceId);
    } finally {
      pipeline.detachAppender(captured);
    }
  }

  /** What {@code appender} has captured so far: a copy taken under its lock (the pipeline's threads append while the test reads). */
  private static java.util.List<ILoggingEvent> logged(ListAppender<ILoggingEvent> appender) {
    synchronized (appender) {
      return java.util.List.copyOf(appender.list);
    }
  }
}
