package io.solstice.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.solstice.kafka.KafkaBus;
import io.solstice.testkit.Await;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a bus configured, a process is ready only when the bus answers: here no broker listens, so
 * {@code /health/ready} answers 503 and says why. (With a broker, the split-topology test's API
 * process waits for its readiness.)
 */
class BusReadinessTest {

  @Test
  void aProcessWhoseBusDoesNotAnswerIsNotReady(@TempDir Path data) throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    KafkaBus bus = KafkaBus.parse("kafka://127.0.0.1:" + closed, KafkaBus.DEFAULT_PREFIX, KafkaBus.DEFAULT_PARTITIONS);
    try (TestServer server = TestServer.start(data, b -> b.services(Set.of()).bus(bus))) {
      Await.until("readiness has asked the bus", () -> server.get("/health/ready", null).json().path("details").has("bus"));
      TestServer.Response ready = server.get("/health/ready", null);
      assertThat(ready.status()).isEqualTo(503);
      JsonNode details = ready.json().path("details");
      assertThat(details.path("store").asText()).isEqualTo("up");
      assertThat(details.path("migrations").asText()).isEqualTo("done");
      assertThat(details.path("bus").asText()).contains("127.0.0.1:" + closed);
      assertThat(server.get("/health/live", null).status()).isEqualTo(200);
    }
  }
}
