package io.solstice.commerce.shared;

import java.util.LinkedHashMap;
import java.util.Map;

/** A shipping address. Every field is required; the country is an ISO 3166-1 alpha-2 code. */
public record Address(String line1, String city, String postalCode, String country) {
  public Address {
    Map<String, String> problems = new LinkedHashMap<>();
    require(problems, "shippingAddress.line1", line1, 200);
    require(problems, "shippingAddress.city", city, 100);
    require(problems, "shippingAddress.postalCode", postalCode, 20);
    if (country == null || !country.matches("[A-Za-z]{2}")) {
      problems.put("shippingAddress.country", "must be a two-letter ISO 3166-1 country code, e.g. DE");
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    country = country.toUpperCase(java.util.Locale.ROOT);
  }

  private static void require(Map<String, String> problems, String field, String value, int max) {
    if (value == null || value.isBlank() || value.length() > max) {
      problems.put(field, "must be 1-" + max + " characters");
    }
  }
}
