package io.solstice.commerce.payment;

/**
 * How an order pays, as it is stored with the order: never the payment token in clear. {@code
 * fingerprint} tells payment methods apart without revealing them (a keyed hash of the token);
 * {@code sealedToken} is the token encrypted for the payment service alone ({@link PaymentTokens}),
 * or null when it is not available (orders stored before tokens were sealed have their token
 * masked on read).
 *
 * @param fingerprint a keyed fingerprint of the token, e.g. {@code fp_3f9a…}, or {@code masked}
 * @param sealedToken the token sealed for the payment service, or null
 */
public record PaymentMethod(String fingerprint, String sealedToken) {

  /** What an order stored with its token in clear reads as: masked, with no token to pay with. */
  public static final PaymentMethod MASKED = new PaymentMethod("masked", null);

  /** Never the sealed token: it has no business in logs. */
  @Override
  public String toString() {
    return "PaymentMethod[fingerprint=" + fingerprint + (sealedToken == null ? ", no token" : ", sealed") + "]";
  }
}
