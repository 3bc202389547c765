package io.solstice.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.solstice.commerce.shared.InvalidInputException;
import io.solstice.core.codec.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads typed fields of a JSON object body and collects every type problem (missing, wrong type,
 * not a whole number …) instead of stopping at the first, so one 422 names every offending field.
 * Call {@link #check()} after reading the fields; range rules are left to the domain.
 */
public final class JsonBody {
  private final ObjectNode node;
  private final String prefix;
  private final Map<String, String> problems;

  JsonBody(ObjectNode node) {
    this(node, "", new LinkedHashMap<>());
  }

  private JsonBody(ObjectNode node, String prefix, Map<String, String> problems) {
    this.node = node;
    this.prefix = prefix;
    this.problems = problems;
  }

  /** A string field; blank strings are kept (the domain judges them); null when absent and not required. */
  public String string(String name, boolean required) {
    JsonNode v = node.get(name);
    if (absent(v)) {
      return missing(name, required);
    }
    if (!v.isTextual()) {
      return problem(name, "must be a string");
    }
    return v.textValue();
  }

  /** A whole number field (a JSON integer that fits 64 bits); null when absent and not required. */
  public Long wholeNumber(String name, boolean required) {
    JsonNode v = node.get(name);
    if (absent(v)) {
      return missing(name, required);
    }
    if (v.isIntegralNumber()) {
      return v.canConvertToLong() ? v.longValue() : problem(name, "is out of range");
    }
    if (v.isNumber() && v.decimalValue().stripTrailingZeros().scale() <= 0) {
      try {
        return v.decimalValue().longValueExact();
      } catch (ArithmeticException e) {
        return problem(name, "is out of range");
      }
    }
    return problem(name, "must be a whole number");
  }

  /** An exact decimal field: a JSON number or a numeric string such as {@code "19.99"}. */
  public BigDecimal decimal(String name, boolean required) {
    JsonNode v = node.get(name);
    if (absent(v)) {
      return missing(name, required);
    }
    if (v.isNumber()) {
      BigDecimal d = v.decimalValue();
      return bounded(d) ? d : problem(name, "is out of range");
    }
    if (v.isTextual()) {
      String text = v.textValue().strip();
      try {
        BigDecimal d = text.length() <= Json.MAX_NUMBER_LENGTH ? new BigDecimal(text) : null;
        if (d != null && bounded(d)) {
          return d;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    return problem(name, "must be a decimal number, e.g. 19.99");
  }

  /** Whether a decimal is small enough for any arithmetic: an exponent and a digit count within {@link Json}'s limits. */
  private static boolean bounded(BigDecimal d) {
    return Math.abs((long) d.scale()) <= Json.MAX_DECIMAL_EXPONENT && d.precision() <= Json.MAX_NUMBER_LENGTH;
  }

  /** A nested object field, read the same way (its problems are named {@code name.field}). */
  public JsonBody object(String name, boolean required) {
    JsonNode v = node.get(name);
    if (absent(v)) {
      missing(name, required);
      return null;
    }
    if (!(v instanceof ObjectNode o)) {
      problem(name, "must be an object");
      return null;
    }
    return new JsonBody(o, prefix + name + ".", problems);
  }

  /** An array of objects field; each element read as {@code name[i].field}. */
  public List<JsonBody> objects(String name, boolean required) {
    JsonNode v = node.get(name);
    if (absent(v)) {
      missing(name, required);
      return null;
    }
    if (!v.isArray()) {
      problem(name, "must be an array");
      return null;
    }
    List<JsonBody> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      if (v.get(i) instanceof ObjectNode o) {
        out.add(new JsonBody(o, prefix + name + "[" + i + "].", problems));
      } else {
        problem(name + "[" + i + "]", "must be an object");
      }
    }
    return out;
  }

  /** Records a problem with a field of this object (e.g. a duplicate), named like the others. */
  public void reject(String name, String problem) {
    problem(name, problem);
  }

  /** Throws a 422 naming every problem found so far (in this object and its nested ones), if any. */
  public void check() {
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
  }

  /**
   * Runs {@code build} (e.g. a domain constructor that validates) and returns its result; its
   * {@link InvalidInputException} is collected with the others instead of thrown.
   */
  public <T> T collect(Supplier<T> build) {
    try {
      return build.get();
    } catch (InvalidInputException e) {
      problems.putAll(e.fields());
      return null;
    }
  }

  private static boolean absent(JsonNode v) {
    return v == null || v.isNull() || v.isMissingNode();
  }

  private <T> T missing(String name, boolean required) {
    if (required) {
      problems.put(prefix + name, "is required");
    }
    return null;
  }

  private <T> T problem(String name, String problem) {
    problems.put(prefix + name, problem);
    return null;
  }
}
