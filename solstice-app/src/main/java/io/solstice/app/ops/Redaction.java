package io.solstice.app.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Takes secrets out of event data before it leaves for an operator's browser: the value of every
 * field whose name says it holds a secret (payment tokens, API-key hashes, request fingerprints
 * derived from them, passwords, peppers) becomes {@value #REDACTED}, at any depth. The event store
 * keeps them; the console and the admin event API never show them.
 */
public final class Redaction {
  /** What a secret value is replaced with. */
  public static final String REDACTED = "[redacted]";

  private static final String[] SECRET_PARTS = {"token", "hash", "secret", "password", "pepper", "fingerprint", "apikey", "credential"};

  private Redaction() {}

  /** True when a field of this name holds a secret. */
  public static boolean isSecret(String field) {
    String f = field.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    for (String part : SECRET_PARTS) {
      if (f.contains(part)) {
        return true;
      }
    }
    return false;
  }

  /** {@code data} with every secret field's value replaced (a copy; {@code data} is not changed). */
  public static JsonNode redact(JsonNode data) {
    JsonNode copy = data.deepCopy();
    scrub(copy);
    return copy;
  }

  private static void scrub(JsonNode node) {
    if (node instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (isSecret(e.getKey()) && !e.getValue().isNull()) {
          e.setValue(object.textNode(REDACTED));
        } else {
          scrub(e.getValue());
        }
      }
    } else if (node instanceof ArrayNode array) {
      array.forEach(Redaction::scrub);
    }
  }
}
