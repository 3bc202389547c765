package io.solstice.commerce.tenancy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and checks API keys. A key is {@code sk_<tenant>_<43 random base64url characters>} (256
 * bits of entropy); only its HMAC-SHA-256 under the platform's secret pepper is stored. HMAC rather
 * than a slow password hash: every request checks a key, and a 256-bit random key needs no
 * stretching; the pepper means a copy of the database alone does not allow checking guesses. The
 * tenant in the key lets a request find the one hash to compare, with no global index, and the
 * comparison is constant-time.
 */
public final class ApiKeys {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final byte[] pepper;
  /** An initialised HMAC, cloned per hash (cheaper than looking up the provider and keying it each time). */
  private final Mac keyed;

  public ApiKeys(byte[] pepper) {
    if (pepper.length < 32) {
      throw new IllegalArgumentException("the API key pepper must be at least 32 bytes, was " + pepper.length);
    }
    this.pepper = pepper.clone();
    this.keyed = newMac();
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(pepper, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  private Mac mac() {
    try {
      return (Mac) keyed.clone();
    } catch (CloneNotSupportedException e) {
      return newMac();
    }
  }

  /**
   * A fingerprint of the pepper: the first 16 base64 characters of its HMAC over a fixed label. It
   * tells two peppers apart without revealing either.
   */
  public String fingerprint() {
    byte[] mac = mac().doFinal("solstice-pepper-fingerprint".getBytes(StandardCharsets.UTF_8));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(mac).substring(0, 16);
  }

  /** A new random pepper (32 bytes) for a fresh installation. */
  public static byte[] newPepper() {
    byte[] p = new byte[32];
    RANDOM.nextBytes(p);
    return p;
  }

  /** A new key, its short public id and its hash. */
  public record Issued(String key, String keyId, String hash) {
    @Override
    public String toString() {
      return "Issued[keyId=" + keyId + "]";
    }
  }

  /** Issues a key for {@code owner} (a tenant id, or {@code admin}). */
  public Issued issue(String owner) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String random = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    String key = "sk_" + owner + "_" + random;
    return new Issued(key, random.substring(0, 8), hash(key));
  }

  /** The stored form of {@code key}. */
  public String hash(String key) {
    return HexFormat.of().formatHex(mac().doFinal(key.getBytes(StandardCharsets.UTF_8)));
  }

  /** True when {@code key} hashes to {@code storedHash}; constant-time in the hash. */
  public boolean matches(String key, String storedHash) {
    if (key == null || storedHash == null) {
      return false;
    }
    return MessageDigest.isEqual(hash(key).getBytes(StandardCharsets.US_ASCII), storedHash.getBytes(StandardCharsets.US_ASCII));
  }

  /** Length of the random part: 32 bytes in unpadded base64url. */
  private static final int RANDOM_LENGTH = 43;

  /**
   * The owner part of a well-formed key ({@code sk_<owner>_<random>}), or null. The random part has
   * a fixed length and may itself contain {@code _} (base64url), as may the owner: the owner is
   * what lies between {@code sk_} and the last {@value #RANDOM_LENGTH} characters.
   */
  public static String ownerOf(String key) {
    if (key == null || !key.startsWith("sk_") || key.length() > 200 || key.length() < 3 + 1 + 1 + RANDOM_LENGTH) {
      return null;
    }
    int separator = key.length() - RANDOM_LENGTH - 1;
    return key.charAt(separator) == '_' ? key.substring(3, separator) : null;
  }
}
