package io.solstice.app.http;

import java.util.Map;

/**
 * What a handler answers: a status and a body (serialised as JSON unless {@code contentType} says
 * otherwise and the body is a {@code String}), plus extra headers.
 */
public record Reply(int status, Object body, String contentType, Map<String, String> headers) {

  public Reply {
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  public static Reply ok(Object body) {
    return new Reply(200, body, null, Map.of());
  }

  public static Reply created(Object body) {
    return new Reply(201, body, null, Map.of());
  }

  public static Reply status(int status, Object body) {
    return new Reply(status, body, null, Map.of());
  }

  /** The answer of a handler that wrote the response itself (a stream of server-sent events): nothing more is written. */
  public static final Reply STREAMED = new Reply(200, null, null, Map.of());

  /** A plain-text answer (e.g. Prometheus metrics). */
  public static Reply text(String body, String contentType) {
    return new Reply(200, body, contentType, Map.of());
  }

  /** A text answer of {@code contentType} with extra headers (e.g. the console's files). */
  public static Reply text(String body, String contentType, Map<String, String> headers) {
    return new Reply(200, body, contentType, headers);
  }
}
