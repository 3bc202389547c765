package io.solstice.app.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solstice.app.traffic.ScriptedHttpServer.Reply;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class Http1ClientTest {

  private static Http1Client client(ScriptedHttpServer server, Duration readTimeout) {
    return new Http1Client(server.base(), Duration.ofSeconds(5), readTimeout);
  }

  @Test
  void requestsReuseOneKeepAliveConnectionAndCarryTheirHeadersAndBody() throws Exception {
    try (ScriptedHttpServer server = new ScriptedHttpServer(r -> Reply.of(ScriptedHttpServer.ok("{\"n\":\"" + r.body().length() + "\"}")))) {
      Http1Client http = client(server, Duration.ofSeconds(5));
      for (int i = 0; i < 20; i++) {
        Http1Client.Answer a = http.exchange("POST", "/carts/c1/items", "key-1", "{\"sku\":\"TEE\"}".getBytes(StandardCharsets.UTF_8), "idem-" + i);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body()).isEqualTo("{\"n\":\"13\"}");
      }
      assertThat(http.exchange("GET", "health/live", null, null, null).status()).isEqualTo(200);

      assertThat(server.connections()).isEqualTo(1);
      assertThat(http.connectionsOpened()).isEqualTo(1);
      ScriptedHttpServer.Seen first = server.seen().getFirst();
      assertThat(first.requestLine()).isEqualTo("POST /carts/c1/items HTTP/1.1");
      assertThat(first.header("Host")).isEqualTo("127.0.0.1:" + server.base().getPort());
      assertThat(first.header("Authorization")).isEqualTo("Bearer key-1");
      assertThat(first.header("Idempotency-Key")).isEqualTo("idem-0");
      assertThat(first.header("Content-Type")).isEqualTo("application/json");
      assertThat(first.header("Content-Length")).isEqualTo("13");
      ScriptedHttpServer.Seen get = server.seen().getLast();
      assertThat(get.requestLine()).isEqualTo("GET /health/live HTTP/1.1");
      assertThat(get.header("Content-Length")).isNull();
      assertThat(get.header("Authorization")).isNull();
    }
  }

  @Test
  void aPostWithoutBodySendsAZeroLengthAndTheBasePathPrefixesEveryTarget() throws Exception {
    try (ScriptedHttpServer server = new ScriptedHttpServer(r -> Reply.of("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n"))) {
      Http1Client http = new Http1Client(server.base().resolve("/api/v1"), Duration.ofSeconds(5), Duration.ofSeconds(5));
      Http1Client.Answer a = http.exchange("POST", "/carts", "k", null, null);

      assertThat(a.status()).isEqualTo(201);
      assertThat(a.body()).isEmpty();
      assertThat(server.seen().getFirst().requestLine()).isEqualTo("POST /api/v1/carts HTTP/1.1");
      assertThat(server.seen().getFirst().header("Content-Length")).isEqualTo("0");
    }
  }

  @Test
  void chunkedAnswersAreJoinedAndTheConnectionStaysOpen() throws Exception {
    String chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\n{\"a\":\r\n5\r\n\"é\"}\r\n0\r\nX-Trailer: t\r\n\r\n";
    try (ScriptedHttpServer server = new ScriptedHttpServer(r -> Reply.of(chunked))) {
      Http1Client http = client(server, Duration.ofSeconds(5));

      assertThat(http.exchange("GET", "/x", null, null, null).body()).isEqualTo("{\"a\":\"é\"}");
      assertThat(http.exchange("GET", "/x", null, null, null).body()).isEqualTo("{\"a\":\"é\"}");
      assertThat(server.connections()).isEqualTo(1);
    }
  }

  @Test
  void anAnswerWithoutLengthIsReadToTheEndAndItsConnectionIsNotReused() throws Exception {
    try (ScriptedHttpServer server = new ScriptedHttpServer(r -> new Reply("HTTP/1.1 200 OK\r\n\r\nuntil the end", true))) {
      Http1Client http = client(server, Duration.ofSeconds(5));

      assertThat(http.exchange("GET", "/x", null, null, null).body()).isEqualTo("until the end");
      assertThat(http.exchange("GET", "/x", null, null, null).body()).isEqualTo("until the end");
      assertThat(server.connections()).isEqualTo(2);
    }
  }

  @Test
  void connectionCloseIsHonouredAndInterimAnswersAreSkipped() throws Exception {
    String answer = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}";
    try (ScriptedHttpServer server = new ScriptedHttpServer(r -> new Reply(answer, true))) {
      Http1Client http = client(server, Duration.ofSeconds(5));

      Http1Client.Answer a = http.exchange("GET", "/x", null, null, null);
      http.exchange("GET", "/x", null, null, null);

      assertThat(a.status()).isEqualTo(503);
      assertThat(a.retryAfter()).isEqualTo("1");
      assertThat(a.body()).isEqualTo("{}");
      assertThat(server.connections()).isEqualTo(2);
    }
  }

  @Test
  void aPooledConnectionTheServerClosedIsReplacedWithoutLosingTheRequest() throws Exception {
    // The server hangs up after every answer without saying so, as one does when a kept-alive
    // connection has been idle too long: the next request on it fails before any answer.
    try (ScriptedHttpServer server = new ScriptedHttpServer(r -> new Reply(ScriptedHttpServer.ok("{}"), true))) {
      Http1Client http = client(server, Duration.ofSeconds(5));
      for (int i = 0; i < 5; i++) {
        assertThat(http.exchange("POST", "/orders/o1/cancel", "k", "{}".getBytes(StandardCharsets.UTF_8), null).status()).isEqualTo(200);
      }

      assertThat(server.seen()).hasSize(5);
    }
  }

  @Test
  void aReadTimeoutFailsTheRequestWithoutSendingItAgain() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (ScriptedHttpServer server = new ScriptedHttpServer(r -> calls.incrementAndGet() == 1 ? Reply.of(ScriptedHttpServer.ok("{}")) : hang())) {
      Http1Client http = client(server, Duration.ofMillis(300));
      http.exchange("GET", "/warm", null, null, null);

      assertThatThrownBy(() -> http.exchange("POST", "/carts/c1/checkout", "k", "{}".getBytes(StandardCharsets.UTF_8), null))
          .isInstanceOf(SocketTimeoutException.class);
      assertThat(server.seen()).hasSize(2);
    }
  }

  @Test
  void manyVirtualThreadsShareThePoolWithoutMixingAnswers() throws Exception {
    try (ScriptedHttpServer server = new ScriptedHttpServer(r -> Reply.of(ScriptedHttpServer.ok(r.requestLine().split(" ")[1])))) {
      ApiClient api = new ApiClient(server.base(), Duration.ofSeconds(5));
      AtomicInteger wrong = new AtomicInteger();
      try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int t = 0; t < 32; t++) {
          int thread = t;
          threads.submit(() -> {
            for (int i = 0; i < 50; i++) {
              String path = "/t" + thread + "/r" + i;
              if (!api.get(path, null).body().equals(path)) {
                wrong.incrementAndGet();
              }
            }
          });
        }
      }

      assertThat(wrong).hasValue(0);
      assertThat(api.connectionsOpened()).isLessThanOrEqualTo(32);
    }
  }

  @Test
  void theApiClientRetriesRefusalsAndParsesJsonOnlyWhenAsked() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    String busy = "HTTP/1.1 429 Too Many Requests\r\nContent-Length: 0\r\n\r\n";
    try (ScriptedHttpServer server = new ScriptedHttpServer(r -> Reply.of(calls.incrementAndGet() < 3 ? busy : ScriptedHttpServer.ok("{\"cartId\":\"c-1\"}")))) {
      ApiClient api = new ApiClient(server.base(), Duration.ofSeconds(5));

      ApiClient.Response r = api.postChecked(200, "/carts", "k", Map.of("a", 1), "idem-1");

      assertThat(r.text("cartId")).isEqualTo("c-1");
      assertThat(r.json().path("cartId").asText()).isEqualTo("c-1");
      assertThat(server.seen()).hasSize(3).allSatisfy(s -> assertThat(s.body()).isEqualTo("{\"a\":1}"));
    }
  }

  private static Reply hang() {
    try {
      Thread.sleep(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return null;
  }
}
