package io.solstice.commerce.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The payment gateway simulator remembers each idempotency key's answer for its retention, then
 * forgets it: expired records are removed, live ones kept and replayed.
 */
class GatewayIdempotencyRetentionTest {
  private static final Duration RETENTION = Duration.ofHours(24);

  private final AtomicLong nanos = new AtomicLong();
  private final HttpClient http = HttpClient.newHttpClient();
  private final PaymentGatewaySimulator simulator = PaymentGatewaySimulator.start(
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Duration.ofSeconds(5), RETENTION, nanos::get);

  @AfterEach
  void stop() {
    simulator.close();
  }

  @Test
  void aKeyPastItsRetentionIsForgottenWhileAYoungerOneIsKept() throws Exception {
    authorize("old-key", "o-1");
    advance(Duration.ofHours(23));
    authorize("young-key", "o-2");
    assertThat(simulator.rememberedKeys()).isEqualTo(2);

    advance(Duration.ofHours(1).plusSeconds(1));

    assertThat(simulator.rememberedKeys()).isEqualTo(1);
    assertThat(authorize("young-key", "o-2").headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(authorize("old-key", "o-1").headers().firstValue("Idempotent-Replayed")).isEmpty();
  }

  @Test
  void aForgottenKeyProcessedAnewGetsTheSameAuthorizationId() throws Exception {
    String first = authorize("key", "o-1").body();
    advance(RETENTION.plusSeconds(1));
    assertThat(simulator.rememberedKeys()).isZero();
    assertThat(authorize("key", "o-1").body()).isEqualTo(first);
  }

  @Test
  void aRetentionThatIsNotPositiveIsRefused() {
    assertThatThrownBy(() -> PaymentGatewaySimulator.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        Duration.ofSeconds(5), Duration.ZERO, System::nanoTime))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retention must be positive");
  }

  private void advance(Duration by) {
    nanos.addAndGet(by.toNanos());
  }

  private HttpResponse<String> authorize(String key, String orderId) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(simulator.uri() + "authorizations")).header("Idempotency-Key", key)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"tenant\":\"acme\",\"orderId\":\"" + orderId
            + "\",\"token\":\"tok_approve\",\"amount\":\"10.00\",\"currency\":\"EUR\"}"))
        .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response;
  }
}
