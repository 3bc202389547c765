package io.solstice.commerce.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link JsonHttp}: configuration checks and the answers the simulators never give, over real HTTP. */
class JsonHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  @Test
  void refusesABaseUrlThatIsNotHttp() {
    assertThatThrownBy(() -> new JsonHttp(URI.create("ftp://example.com/"), TIMEOUT, JSON))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ftp://example.com/");
  }

  @Test
  void refusesATimeoutThatIsNotPositive() {
    assertThatThrownBy(() -> new JsonHttp(URI.create("http://example.com/"), Duration.ZERO, JSON))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT0S");
  }

  @Test
  void readsAJsonAnswer() {
    try (StubHttpServer server = new StubHttpServer(200, "application/json", "{\"ok\":true}")) {
      assertThat(new JsonHttp(server.uri(), TIMEOUT, JSON).post("x", Map.of(), "k").path("ok").asBoolean()).isTrue();
    }
  }

  @Test
  void anEmptyAnswerIsAnEmptyObject() {
    try (StubHttpServer server = new StubHttpServer(200, "application/json", "")) {
      assertThat(new JsonHttp(server.uri(), TIMEOUT, JSON).post("x", Map.of(), "k").isEmpty()).isTrue();
    }
  }

  @Test
  void anAnswerThatIsNotJsonIsAnIllegalStateNotAnOutage() {
    try (StubHttpServer server = new StubHttpServer(200, "text/html", "<html>login</html>")) {
      assertThatThrownBy(() -> new JsonHttp(server.uri(), TIMEOUT, JSON).post("x", Map.of(), "k"))
          .isExactlyInstanceOf(IllegalStateException.class)
          .hasMessageContaining("POST " + server.uri() + "x answered 200 with a body that is not JSON");
    }
  }

  @Test
  void aServerErrorIsUnavailableWithoutTimeout() {
    try (StubHttpServer server = new StubHttpServer(502, "text/plain", "bad gateway")) {
      assertThatThrownBy(() -> new JsonHttp(server.uri(), TIMEOUT, JSON).post("x", Map.of(), "k"))
          .isInstanceOfSatisfying(JsonHttp.Unavailable.class, u -> assertThat(u.timedOut()).isFalse())
          .hasMessageContaining("answered 502");
    }
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(ints = {400, 401, 403, 404, 422})
  void aClientErrorIsAPermanentFailure(int status) {
    try (StubHttpServer server = new StubHttpServer(status, "application/json", "{\"error\":\"no\"}")) {
      assertThatThrownBy(() -> new JsonHttp(server.uri(), TIMEOUT, JSON).post("x", Map.of(), "k"))
          .isInstanceOf(io.solstice.pipeline.PermanentFailureException.class)
          .hasMessageContaining("answered " + status);
    }
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(ints = {408, 409, 425, 429})
  void aRetryableClientErrorIsUnavailable(int status) {
    try (StubHttpServer server = new StubHttpServer(status, "application/json", "{}")) {
      assertThatThrownBy(() -> new JsonHttp(server.uri(), TIMEOUT, JSON).post("x", Map.of(), "k"))
          .isInstanceOfSatisfying(JsonHttp.Unavailable.class, u -> assertThat(u.sent()).isTrue())
          .hasMessageContaining("answered " + status);
    }
  }
}
