package io.solstice.commerce.payment;

import io.solstice.pipeline.PermanentFailureException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keeps payment tokens out of the event log in clear. At checkout a token becomes a {@link
 * PaymentMethod}: a keyed fingerprint (to tell methods apart) and the token sealed with AES-256-GCM,
 * bound to its tenant and order (a sealed token copied to another order does not open); the
 * payment service opens it to authorize. Keys are derived from the platform secret (the API-key
 * pepper), which every Solstice process of one installation shares; losing the secret makes the
 * tokens of orders not yet authorized unusable (they are declined), as it makes API keys unusable.
 *
 * <p>Thread-safe. {@link #ephemeral()} is a per-JVM instance with a random key, for tests and
 * embedded use where one process both seals and opens.
 */
public final class PaymentTokens {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String VERSION = "v1.";
  private static final int IV_BYTES = 12;
  private static final PaymentTokens EPHEMERAL = fromSecret(randomBytes(32));

  private final SecretKeySpec sealKey;
  private final SecretKeySpec fingerprintKey;

  private PaymentTokens(byte[] sealKey, byte[] fingerprintKey) {
    this.sealKey = new SecretKeySpec(sealKey, "AES");
    this.fingerprintKey = new SecretKeySpec(fingerprintKey, "HmacSHA256");
  }

  /** Tokens sealed under keys derived from {@code secret} (at least 32 bytes, e.g. the API-key pepper). */
  public static PaymentTokens fromSecret(byte[] secret) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length < 32) {
      throw new IllegalArgumentException("the secret for payment tokens must be at least 32 bytes, was " + secret.length);
    }
    return new PaymentTokens(hmac(secret, "solstice payment-token seal v1"), hmac(secret, "solstice payment-token fingerprint v1"));
  }

  /** This JVM's instance with a random key (tests, and callers that do not configure one). */
  public static PaymentTokens ephemeral() {
    return EPHEMERAL;
  }

  /** The stored form of {@code token} for {@code tenant}'s order {@code orderId}. */
  public PaymentMethod seal(String tenant, String orderId, String token) {
    Objects.requireNonNull(token, "token");
    try {
      byte[] iv = randomBytes(IV_BYTES);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, sealKey, new GCMParameterSpec(128, iv));
      cipher.updateAAD(context(tenant, orderId));
      byte[] sealed = cipher.doFinal(token.getBytes(StandardCharsets.UTF_8));
      byte[] out = ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
      return new PaymentMethod(fingerprint(token), VERSION + Base64.getUrlEncoder().withoutPadding().encodeToString(out));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JVM", e);
    }
  }

  /**
   * The token of {@code tenant}'s order {@code orderId}.
   *
   * @throws PermanentFailureException if there is no token (masked) or it cannot be opened with
   *     this installation's secret (another secret, or not sealed for this order): retrying cannot help
   */
  public String open(String tenant, String orderId, PaymentMethod method) {
    if (method == null || method.sealedToken() == null) {
      throw new PermanentFailureException("order " + orderId + " of tenant " + tenant + " has no payment token to authorize with"
          + " (it was stored before tokens were sealed, and is masked); the customer has to order again");
    }
    String sealed = method.sealedToken();
    try {
      if (!sealed.startsWith(VERSION)) {
        throw new IllegalArgumentException("unknown sealing version");
      }
      byte[] in = Base64.getUrlDecoder().decode(sealed.substring(VERSION.length()));
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, sealKey, new GCMParameterSpec(128, in, 0, IV_BYTES));
      cipher.updateAAD(context(tenant, orderId));
      return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new PermanentFailureException("the payment token of order " + orderId + " of tenant " + tenant + " cannot be opened with this"
          + " installation's secret (" + e.getClass().getSimpleName() + "): was SOLSTICE_KEY_PEPPER or the pepper file changed?", e);
    }
  }

  /** A keyed fingerprint of {@code token}: equal tokens give equal fingerprints; it reveals nothing without the secret. */
  public String fingerprint(String token) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(fingerprintKey);
      return "fp_" + HexFormat.of().formatHex(mac.doFinal(token.getBytes(StandardCharsets.UTF_8)), 0, 12);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  private static byte[] context(String tenant, String orderId) {
    return (tenant + ":" + orderId).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] hmac(byte[] key, String label) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
