package io.solstice.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.solstice.app.http.ApiDocument.Operation;
import io.solstice.app.http.RawHttp.Header;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik generators of malformed, hostile and extreme requests for the fuzz harness: for any
 * operation of the OpenAPI document, path and query values (injection strings, encodings of raw
 * and invalid bytes, huge lengths), headers (wrong, made-up and injected keys, idempotency and
 * correlation values with control characters and line breaks, odd content types) and bodies (huge
 * and long numbers, deep nesting, invalid UTF-8, long strings, control characters, wrong types,
 * malformed JSON, and objects shaped like the route's schema holding hostile values).
 */
final class FuzzInputs {
  private FuzzInputs() {}

  /** One request to send. {@code fresh}: on its own connection (its header values may break the framing). */
  record Request(Operation operation, String target, List<Header> headers, byte[] body, boolean fresh, String kind) {
    @Override
    public String toString() {
      String shown = body == null ? "(no body)" : new String(body, 0, Math.min(body.length, 300), StandardCharsets.ISO_8859_1);
      return operation + " [" + kind + "] " + (target.length() > 300 ? target.substring(0, 300) + "…" : target) + " headers=" + headers
          .stream().map(h -> h.name() + ": " + shorten(h.value())).toList() + " body=" + shown;
    }
  }

  /** Keys a case may authenticate with. */
  record Keys(String tenant, String admin, String otherTenant) {}

  static final List<String> HOSTILE = List.of(
      "", " ", "'", "\"", "\\", "' OR '1'='1", "'; DROP TABLE events; --", "\" OR \"\"=\"", "../../etc/passwd", "..%2f..%2fetc%2fpasswd",
      "%00", "\u0000", "\u0001\u0002\u001f", "<script>alert(1)</script>", "${jndi:ldap://127.0.0.1/a}", "{{7*7}}", "$(reboot)", "`id`",
      "\r\nX-Injected: 1", "\n", "a\u202Eb", "\uFEFF", "💥🛒", "\uD800", "\uDC00x", "ÿþ", "NaN", "Infinity", "-1", "0", "1e10000000",
      "-9223372036854775809", "9".repeat(400), "A".repeat(5_000), "acme:Order-1", "Order-", "-", ":", "%", "%%", "%2", "?", "#", "/", "*",
      "null", "true", "[]", "{}", "tok_approve", "ana@example.com", "a;b@example.com", "sk_admin_x", "TEE", "__proto__", "constructor");

  static Arbitrary<String> hostileString() {
    return Arbitraries.frequencyOf(
        Tuple.of(5, Arbitraries.of(HOSTILE)),
        Tuple.of(2, Arbitraries.strings().all().ofMaxLength(40)),
        Tuple.of(1, Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMaxLength(20)),
        Tuple.of(1, Arbitraries.strings().alpha().numeric().withChars("-_.").ofMinLength(1).ofMaxLength(12)),
        Tuple.of(1, Arbitraries.integers().between(1_000, 200_000).map(n -> "x".repeat(n))));
  }

  /** A path or query value as it goes on the request line: percent-encoded, raw, or percent-escapes of random bytes. */
  static Arbitrary<String> urlValue() {
    return Arbitraries.frequencyOf(
        Tuple.of(7, hostileString().map(FuzzInputs::encode)),
        Tuple.of(2, Arbitraries.bytes().array(byte[].class).ofMaxSize(20).map(FuzzInputs::percentBytes)),
        Tuple.of(1, hostileString().map(s -> s.isEmpty() ? "%" : s)));
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String percentBytes(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    for (byte b : bytes) {
      out.append('%').append(String.format("%02X", b & 0xff));
    }
    return out.isEmpty() ? "%C3%28" : out.toString();
  }

  /** Whether a request line or header value holds bytes that may break HTTP framing. */
  private static boolean raw(String s) {
    return s.chars().anyMatch(c -> c < 0x21 || c > 0x7e);
  }

  /** Every request the harness sends: any operation, any mix of the generators below. */
  static Arbitrary<Request> requests(List<Operation> operations, Keys keys, Map<String, String> knownIds) {
    return Arbitraries.of(operations).flatMap(op -> Combinators.combine(
        target(op, knownIds), headers(op, keys), body(op))
        .as((target, headers, body) -> {
          boolean fresh = raw(target) || headers.stream().anyMatch(h -> raw(h.value()) || raw(h.name()));
          return new Request(op, target, headers, body.bytes(), fresh, body.kind());
        }));
  }

  private static Arbitrary<String> target(Operation op, Map<String, String> knownIds) {
    Arbitrary<String> path = Arbitraries.just(op.path());
    for (String param : op.pathParams()) {
      String known = knownIds.getOrDefault(param, "TEE");
      Arbitrary<String> value = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(encode(known))), Tuple.of(8, urlValue()));
      path = Combinators.combine(path, value).as((p, v) -> p.replace("{" + param + "}", v));
    }
    Arbitrary<String> query = Arbitraries.just("");
    List<String> names = new ArrayList<>(op.queryParams());
    names.add("limit");
    for (String name : names) {
      query = Combinators.combine(query, urlValue(), Arbitraries.integers().between(0, 2))
          .as((q, v, mode) -> switch (mode) {
            case 0 -> q;
            case 1 -> q + (q.isEmpty() ? "?" : "&") + name + "=" + v;
            default -> q + (q.isEmpty() ? "?" : "&") + name + "=" + v + "&" + name + "=" + v;
          });
    }
    return Combinators.combine(path, query).as((p, q) -> p + q);
  }

  private static Arbitrary<List<Header>> headers(Operation op, Keys keys) {
    String good = switch (op.access()) {
      case ADMIN -> keys.admin();
      case TENANT, PUBLIC -> keys.tenant();
    };
    Arbitrary<String> authorization = Arbitraries.frequencyOf(
        Tuple.of(12, Arbitraries.just("Bearer " + good)),
        Tuple.of(1, Arbitraries.just("Bearer " + keys.otherTenant())),
        Tuple.of(1, Arbitraries.just("Bearer " + (op.access() == ApiDocument.Access.ADMIN ? keys.tenant() : keys.admin()))),
        Tuple.of(2, hostileString().map(s -> "Bearer " + s)),
        Tuple.of(1, hostileString().map(s -> "Bearer sk_" + s + "_" + "A".repeat(43))),
        Tuple.of(1, hostileString()),
        Tuple.of(2, Arbitraries.just("")));
    Arbitrary<String> contentType = Arbitraries.frequencyOf(
        Tuple.of(8, Arbitraries.just("application/json")),
        Tuple.of(1, Arbitraries.of("text/plain", "application/json; charset=latin1", "application/problem+json", "multipart/form-data",
            "application/json\u0000", "")),
        Tuple.of(1, hostileString()));
    Arbitrary<String> optionalValue = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just("")), Tuple.of(2, hostileString().map(FuzzInputs::latin1)),
        Tuple.of(1, Arbitraries.strings().ascii().ofMinLength(1).ofMaxLength(300)));
    return Combinators.combine(authorization, contentType, optionalValue, optionalValue, optionalValue, Arbitraries.integers().between(0, 19))
        .as((auth, type, idempotency, correlation, trace, extra) -> {
          List<Header> headers = new ArrayList<>();
          if (!auth.isEmpty()) {
            headers.add(new Header("Authorization", latin1(auth)));
          }
          if (!type.isEmpty()) {
            headers.add(new Header("Content-Type", latin1(type)));
          }
          headers.add(new Header("Idempotency-Key", idempotency.isEmpty() ? "fuzz-" + Integer.toHexString(auth.hashCode() ^ extra) : idempotency));
          if (!correlation.isEmpty()) {
            headers.add(new Header("X-Correlation-Id", correlation));
          }
          if (!trace.isEmpty()) {
            headers.add(new Header("traceparent", trace));
          }
          if (extra == 0) {
            headers.add(new Header("Authorization", "Bearer " + keys.otherTenant()));
          } else if (extra == 1) {
            headers.add(new Header("X-Forwarded-For", "' OR 1=1 --"));
          } else if (extra == 2) {
            headers.add(new Header("X-" + "A".repeat(200), "B".repeat(10_000)));
          }
          return headers;
        });
  }

  private static String latin1(String s) {
    return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  /** A body and what kind of hostility it carries. */
  record Body(byte[] bytes, String kind) {}

  private static Arbitrary<Body> body(Operation op) {
    Arbitrary<Body> shaped = op.body() == null ? json(Arbitraries.just("{}")) : json(objectLike(op.body(), 0));
    return Arbitraries.frequencyOf(
        Tuple.of(6, shaped.map(b -> new Body(b.bytes(), "shaped"))),
        Tuple.of(2, json(hugeNumber().map(n -> "{\"price\":" + n + ",\"quantity\":" + n + ",\"name\":\"x\",\"sku\":\"TEE\"}")).map(b -> new Body(b.bytes(), "huge-number"))),
        Tuple.of(1, Arbitraries.integers().between(10, 200_000).map(d -> new Body(("[".repeat(d) + "]".repeat(d)).getBytes(StandardCharsets.US_ASCII), "deep-array"))),
        Tuple.of(1, Arbitraries.integers().between(10, 50_000).map(d -> new Body(("{\"a\":".repeat(d) + "1" + "}".repeat(d)).getBytes(StandardCharsets.US_ASCII), "deep-object"))),
        Tuple.of(1, invalidUtf8()),
        Tuple.of(1, Arbitraries.integers().between(10_000, 900_000).map(n -> new Body(("{\"name\":\"" + "n".repeat(n) + "\",\"sku\":\"" + "s".repeat(n / 10) + "\"}")
            .getBytes(StandardCharsets.US_ASCII), "long-string"))),
        Tuple.of(1, Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMinLength(1).ofMaxLength(30)
            .map(s -> new Body(("{\"name\":\"" + s + "\",\"sku\":\"\\u0000\\ud800\",\"reason\":\"" + s + "\"}").getBytes(StandardCharsets.UTF_8), "control-chars"))),
        Tuple.of(2, Arbitraries.of("{", "}", "{\"a\":}", "{\"a\":1,}", "{'a':1}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":01}", "{\"a\":1}{\"b\":2}",
            "{\"a\":1} trailing", "/*c*/{}", "{\"name\":\"x\",\"name\":\"y\"}", "\uFEFF{}", "[]", "\"text\"", "12", "null", "true", "{\"a\":\"\\x\"}",
            "{\"a\":\"\\u12\"}", "{\"sql\":\"SELECT 1; CREATE TABLE pwned AS SELECT 1\"}").map(s -> new Body(s.getBytes(StandardCharsets.UTF_8), "malformed"))),
        Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(2_000).map(b -> new Body(b, "random-bytes"))),
        Tuple.of(1, Arbitraries.of(new Body(null, "no-body"), new Body(new byte[0], "empty"), new Body("   ".getBytes(StandardCharsets.US_ASCII), "blank"))));
  }

  private static Arbitrary<Body> json(Arbitrary<String> text) {
    return text.map(t -> new Body(t.getBytes(StandardCharsets.UTF_8), "json"));
  }

  private static Arbitrary<Body> invalidUtf8() {
    return Arbitraries.of(new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {0})
        .map(bad -> {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          out.writeBytes("{\"name\":\"a".getBytes(StandardCharsets.US_ASCII));
          out.writeBytes(bad);
          out.writeBytes("\",\"sku\":\"".getBytes(StandardCharsets.US_ASCII));
          out.writeBytes(bad);
          out.writeBytes("\",\"price\":1,\"quantity\":1,\"sql\":\"SELECT 1\"}".getBytes(StandardCharsets.US_ASCII));
          return new Body(out.toByteArray(), "invalid-utf8");
        });
  }

  static Arbitrary<String> hugeNumber() {
    return Arbitraries.of("1e10000000", "-1e10000000", "1e-10000000", "9e999999999", "1" + "0".repeat(5_000), "0." + "0".repeat(5_000) + "1",
        "123456789012345678901234567890", "9223372036854775808", "-9223372036854775809", "1e308", "1e309", "-0", "4.9e-324", "1E400",
        "99999999999999999999.99", "0.000000000000000000000000001", "1.7976931348623157e309");
  }

  /** A JSON value (as text) shaped like {@code schema}, holding hostile values; depth-limited. */
  private static Arbitrary<String> value(JsonNode schema, int depth) {
    String type = schema.path("type").asText("");
    Arbitrary<String> string = hostileString().map(FuzzInputs::quote);
    Arbitrary<String> any = Arbitraries.frequencyOf(Tuple.of(3, string), Tuple.of(2, hugeNumber()),
        Tuple.of(1, Arbitraries.of("null", "true", "[]", "{}", "-1", "0", "1.5", "[1,2,3]", "{\"x\":[{}]}")));
    Arbitrary<String> typed = switch (type) {
      case "integer" -> Arbitraries.oneOf(Arbitraries.longs().map(n -> Long.toString(n)), Arbitraries.of("-1", "0", "1", "1000001", "2147483648", "1.0", "1.5", "1e3"),
          hugeNumber());
      case "number" -> Arbitraries.oneOf(Arbitraries.bigDecimals().ofScale(4).map(d -> d.toPlainString()), Arbitraries.of("19.99", "-0.01", "0", "19.999"),
          hugeNumber(), string);
      case "string" -> Arbitraries.frequencyOf(Tuple.of(4, string), Tuple.of(1, Arbitraries.of("\"ana@example.com\"", "\"TEE\"", "\"tok_approve\"",
          "\"EUR\"", "\"DE\"", "\"approve\"", "\"confirm\"", "\"SELECT 1\"")));
      case "object" -> depth > 3 ? Arbitraries.just("{}") : objectLike(schema, depth + 1);
      case "array" -> depth > 3 ? Arbitraries.just("[]")
          : value(schema.path("items"), depth + 1).list().ofMaxSize(4).map(items -> "[" + String.join(",", items) + "]");
      default -> any;
    };
    return Arbitraries.frequencyOf(Tuple.of(4, typed), Tuple.of(1, any));
  }

  /** A JSON object (as text) with {@code schema}'s properties, each present or not, holding hostile values. */
  private static Arbitrary<String> objectLike(JsonNode schema, int depth) {
    Arbitrary<List<String>> fields = Arbitraries.just(List.of());
    Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields();
    while (properties.hasNext()) {
      Map.Entry<String, JsonNode> p = properties.next();
      String name = quote(p.getKey());
      Arbitrary<String> field = Arbitraries.frequencyOf(Tuple.of(5, value(p.getValue(), depth).map(v -> name + ":" + v)), Tuple.of(1, Arbitraries.just("")));
      fields = Combinators.combine(fields, field).as((list, f) -> {
        List<String> out = new ArrayList<>(list);
        if (!f.isEmpty()) {
          out.add(f);
        }
        return out;
      });
    }
    return fields.map(list -> "{" + String.join(",", list) + "}");
  }

  /** A JSON string literal of {@code s}: escaped properly, so the hostility is in the value, not the syntax. */
  static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20 || Character.isSurrogate(c)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static String shorten(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "…(" + s.length() + ")";
  }
}
