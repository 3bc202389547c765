package io.solstice.commerce.shared;

import io.solstice.core.SolsticeException;
import java.util.Map;

/**
 * Well-formed input with invalid values (HTTP 422). Names every offending field with the reason,
 * so a client can fix all of them at once. Nothing was written.
 */
public final class InvalidInputException extends SolsticeException {
  private final Map<String, String> fields;

  public InvalidInputException(String field, String problem) {
    this(Map.of(field, problem));
  }

  public InvalidInputException(Map<String, String> fields) {
    super("invalid input: " + fields);
    this.fields = Map.copyOf(fields);
  }

  /** Field path (e.g. {@code customer.email}) → what is wrong with it. */
  public Map<String, String> fields() {
    return fields;
  }
}
