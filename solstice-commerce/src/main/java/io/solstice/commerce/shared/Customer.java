package io.solstice.commerce.shared;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The buyer of an order. The constructor checks the e-mail's shape (one {@code @}, a dotted
 * domain), as stored orders have it; new orders take {@link #forCheckout}, which also requires an
 * address the mail library can send to ({@link EmailAddresses}).
 */
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

  /**
   * A customer for a new order: as the constructor, and the e-mail must be {@linkplain
   * EmailAddresses#deliverable deliverable}, so the confirmation mail cannot fail on the address.
   */
  public static Customer forCheckout(String email, String name) {
    Customer customer = new Customer(email, name);
    EmailAddresses.requireDeliverable("customer.email", customer.email());
    return customer;
  }

  /** The domain part of the e-mail, lower case. */
  public String emailDomain() {
    return email.substring(email.indexOf('@') + 1);
  }
}
