package io.solstice.commerce.shared;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** The buyer of an order. The e-mail is validated (a pragmatic check: one {@code @}, a dotted domain). */
public record Customer(String email, String name) {
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");

  public Customer {
    Map<String, String> problems = new LinkedHashMap<>();
    if (email == null || email.length() > 254 || !EMAIL.matcher(email).matches()) {
      problems.put("customer.email", "must be an e-mail address like ana@example.com");
    }
    if (name == null || name.isBlank() || name.length() > 200) {
      problems.put("customer.name", "must be 1-200 characters");
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    email = email.toLowerCase(java.util.Locale.ROOT);
  }

  /** The domain part of the e-mail, lower case. */
  public String emailDomain() {
    return email.substring(email.indexOf('@') + 1);
  }
}
