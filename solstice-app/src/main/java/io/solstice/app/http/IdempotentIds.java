package io.solstice.app.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Ids derived from an {@code Idempotency-Key}, so a repeated creating POST addresses the entity the
 * first one created and the store's idempotent append turns the repeat into a no-op. An id is 26
 * Crockford base-32 characters of SHA-256({@code scope} NUL {@code key}) — the same shape as
 * generated ids; the scope (route and parent id) keeps keys of different routes apart. Tenants are
 * apart anyway: every stream name holds its tenant.
 */
public final class IdempotentIds {
  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

  private IdempotentIds() {}

  /** The id for {@code key} within {@code scope} (e.g. {@code carts}, {@code shipments:ORDER}). */
  public static String derive(String scope, String key) {
    byte[] hash;
    try {
      hash = MessageDigest.getInstance("SHA-256").digest((scope + '\u0000' + key).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
    char[] out = new char[26];
    int bit = 0;
    for (int i = 0; i < out.length; i++) {
      int value = 0;
      for (int b = 0; b < 5; b++, bit++) {
        value = (value << 1) | ((hash[bit / 8] >> (7 - bit % 8)) & 1);
      }
      out[i] = ALPHABET[value];
    }
    return new String(out);
  }
}
