package io.solstice.app.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error answer of the HTTP API, rendered as an RFC 9457 {@code application/problem+json}
 * document by {@link Problems}. Thrown by handlers and by the request pipeline (authentication,
 * rate limit, body parsing); domain exceptions are translated into one in {@link Problems#of}.
 *
 * @param status the HTTP status
 * @param code a stable machine-readable code, e.g. {@code invalid_input}; also the last segment of {@code type}
 * @param title a short human summary of the code
 * @param detail what went wrong for this request and what to do
 * @param errors offending field (JSON path such as {@code customer.email}, or a header name) → problem; empty when none
 * @param headers extra response headers, e.g. {@code Retry-After}
 */
public record ApiProblem(int status, String code, String title, String detail, Map<String, String> errors, Map<String, String> headers) {

  public ApiProblem {
    errors = errors == null ? Map.of() : new LinkedHashMap<>(errors);
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  /** The problem as an exception, to throw from a handler. */
  public Failure failure() {
    return new Failure(this);
  }

  public static ApiProblem of(int status, String code, String title, String detail) {
    return new ApiProblem(status, code, title, detail, Map.of(), Map.of());
  }

  public static Failure badRequest(String code, String detail) {
    return of(400, code, "Bad request", detail).failure();
  }

  public static Failure badRequest(String code, String detail, Map<String, String> errors) {
    return new ApiProblem(400, code, "Bad request", detail, errors, Map.of()).failure();
  }

  public static Failure unauthorized(String detail) {
    return new ApiProblem(401, "unauthorized", "Unauthorized", detail, Map.of(), Map.of("WWW-Authenticate", "Bearer realm=\"solstice\"")).failure();
  }

  /** The exception carrying an {@link ApiProblem}; it has no stack trace (it is an answer, not a bug). */
  public static final class Failure extends RuntimeException {
    private final transient ApiProblem problem;

    Failure(ApiProblem problem) {
      super(problem.status() + " " + problem.code() + ": " + problem.detail(), null, false, false);
      this.problem = problem;
    }

    public ApiProblem problem() {
      return problem;
    }
  }
}
