package io.solstice.app.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Small builders for the JSON Schemas (2020-12, as OpenAPI 3.1 uses them) of the route table.
 * {@code object(required("name", string()), optional("description", string()))}.
 */
public final class Schemas {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private Schemas() {}

  /** A property of an object schema. */
  public record Property(String name, ObjectNode schema, boolean required) {}

  public static Property required(String name, ObjectNode schema) {
    return new Property(name, schema, true);
  }

  public static Property optional(String name, ObjectNode schema) {
    return new Property(name, schema, false);
  }

  public static ObjectNode object(Property... properties) {
    ObjectNode s = F.objectNode().put("type", "object");
    ObjectNode props = s.putObject("properties");
    var required = s.putArray("required");
    for (Property p : properties) {
      props.set(p.name(), p.schema());
      if (p.required()) {
        required.add(p.name());
      }
    }
    if (required.isEmpty()) {
      s.remove("required");
    }
    return s;
  }

  /** An object whose values all have {@code valueSchema} (a map). */
  public static ObjectNode map(ObjectNode valueSchema) {
    ObjectNode s = F.objectNode().put("type", "object");
    s.set("additionalProperties", valueSchema);
    return s;
  }

  public static ObjectNode array(ObjectNode items) {
    ObjectNode s = F.objectNode().put("type", "array");
    s.set("items", items);
    return s;
  }

  public static ObjectNode string() {
    return F.objectNode().put("type", "string");
  }

  public static ObjectNode string(String description) {
    return string().put("description", description);
  }

  public static ObjectNode nullableString(String description) {
    ObjectNode s = F.objectNode().put("description", description);
    s.putArray("type").add("string").add("null");
    return s;
  }

  public static ObjectNode enumOf(String... values) {
    ObjectNode s = string();
    var e = s.putArray("enum");
    for (String v : values) {
      e.add(v);
    }
    return s;
  }

  public static ObjectNode email() {
    return string().put("format", "email");
  }

  public static ObjectNode dateTime() {
    return string().put("format", "date-time");
  }

  public static ObjectNode integer(long min, long max) {
    return F.objectNode().put("type", "integer").put("minimum", min).put("maximum", max);
  }

  public static ObjectNode integer() {
    return F.objectNode().put("type", "integer");
  }

  /** An exact decimal amount, sent as a JSON number (a numeric string is accepted too). */
  public static ObjectNode decimal(String description) {
    ObjectNode s = F.objectNode().put("description", description);
    s.putArray("type").add("number").add("string");
    return s;
  }

  public static ObjectNode bool() {
    return F.objectNode().put("type", "boolean");
  }

  /** Any JSON value. */
  public static ObjectNode any() {
    return F.objectNode();
  }

  /** A reference to {@code #/components/schemas/NAME}. */
  public static ObjectNode ref(String name) {
    return F.objectNode().put("$ref", "#/components/schemas/" + name);
  }

  /** {@code schema} with a description. */
  public static ObjectNode described(ObjectNode schema, String description) {
    return schema.deepCopy().put("description", description);
  }
}
