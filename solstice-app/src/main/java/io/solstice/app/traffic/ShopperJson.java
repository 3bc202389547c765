package io.solstice.app.traffic;

/**
 * The JSON of a shopper's hot path without a JSON library: the request bodies of adding a line and
 * of checking out, written straight into a string, and the top-level string fields of an answer
 * ({@code cartId}, {@code orderId}, {@code shipmentId}) read by one scan. At a few dozen orders per
 * second the load generator's cost is mostly the JIT compiling what the shoppers run; Jackson's
 * serializers and tree model are a large part of that code and are kept off this path. Answers the
 * scan cannot read (no such top-level string) fall back to the caller's tree parse.
 */
final class ShopperJson {
  private ShopperJson() {}

  /** {@code {"sku":…,"quantity":…}}. */
  static String item(String sku, int quantity) {
    StringBuilder b = new StringBuilder(48).append("{\"sku\":");
    quote(b, sku);
    return b.append(",\"quantity\":").append(quantity).append('}').toString();
  }

  /** The checkout body: customer, shipping address and payment token of {@code plan}. */
  static String checkout(OrderPlan plan) {
    StringBuilder b = new StringBuilder(256).append("{\"customer\":{\"email\":");
    quote(b, plan.email());
    b.append(",\"name\":");
    quote(b, plan.customerName());
    b.append("},\"shippingAddress\":{\"line1\":\"").append(plan.seq() % 97 + 1)
        .append(" Demo Street\",\"city\":\"Springfield\",\"postalCode\":\"12345\",\"country\":\"DE\"},\"paymentToken\":");
    quote(b, plan.paymentToken());
    return b.append('}').toString();
  }

  /** {@code s} as a JSON string. */
  static void quote(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }

  /**
   * The value of the top-level field {@code name} of the JSON object {@code json} when it is a
   * string without escapes; null when it is missing, not a string, has escapes, or {@code json} is
   * not an object (the caller then parses the tree).
   */
  static String topLevelString(String json, String name) {
    int depth = 0;
    int i = 0;
    int n = json.length();
    boolean expectKey = false;
    while (i < n) {
      char c = json.charAt(i);
      switch (c) {
        case '{' -> {
          depth++;
          expectKey = depth == 1;
          i++;
        }
        case '[' -> {
          depth++;
          expectKey = false;
          i++;
        }
        case '}', ']' -> {
          depth--;
          i++;
        }
        case ',' -> {
          expectKey = depth == 1;
          i++;
        }
        case '"' -> {
          int end = endOfString(json, i);
          if (end < 0) {
            return null;
          }
          if (expectKey && end - i - 1 == name.length() && json.startsWith(name, i + 1)) {
            int v = skipSpaces(json, skipSpaces(json, end + 1) + 1); // past the ':'
            if (v >= n || json.charAt(v) != '"') {
              return null;
            }
            int valueEnd = endOfString(json, v);
            String value = valueEnd < 0 ? null : json.substring(v + 1, valueEnd);
            return value == null || value.indexOf('\\') >= 0 ? null : value;
          }
          expectKey = false;
          i = end + 1;
        }
        default -> i++;
      }
    }
    return null;
  }

  private static int endOfString(String json, int open) {
    for (int i = open + 1; i < json.length(); i++) {
      char c = json.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        return i;
      }
    }
    return -1;
  }

  private static int skipSpaces(String json, int i) {
    while (i < json.length() && Character.isWhitespace(json.charAt(i))) {
      i++;
    }
    return i;
  }
}
