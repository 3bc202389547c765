package io.solstice.commerce.cart;

import io.solstice.commerce.shared.Address;
import io.solstice.commerce.shared.Customer;
import io.solstice.commerce.shared.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The body of a checkout, validated; {@link #fingerprint()} tells a replay from a different request. */
public record CheckoutRequest(Customer customer, Address shippingAddress, String paymentToken) {
  public CheckoutRequest {
    if (customer == null) {
      throw new InvalidInputException("customer", "is required");
    }
    io.solstice.commerce.shared.EmailAddresses.requireDeliverable("customer.email", customer.email());
    if (shippingAddress == null) {
      throw new InvalidInputException("shippingAddress", "is required");
    }
    if (paymentToken == null || paymentToken.isBlank() || paymentToken.length() > 200) {
      throw new InvalidInputException("paymentToken", "must be 1-200 characters");
    }
  }

  /** A SHA-256 over every field, independent of JSON formatting. */
  public String fingerprint() {
    String canonical = String.join("\u0000", customer.email(), customer.name(), shippingAddress.line1(), shippingAddress.city(),
        shippingAddress.postalCode(), shippingAddress.country(), paymentToken);
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
