package io.solstice.commerce.shared;

import io.solstice.core.StreamName;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * Ids for new carts, orders and shipments, and validation of ids taken from requests. New ids are
 * 26-character, time-ordered, Crockford base-32 strings (ULID layout: 48 bits of milliseconds, 80
 * random bits), so they sort by creation and never collide in practice.
 */
public final class Ids {
  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Clock clock;

  public Ids(Clock clock) {
    this.clock = clock;
  }

  public String next() {
    long time = clock.millis();
    char[] out = new char[26];
    for (int i = 9; i >= 0; i--) {
      out[i] = ALPHABET[(int) (time & 31)];
      time >>>= 5;
    }
    byte[] random = new byte[10];
    RANDOM.nextBytes(random);
    long hi = 0;
    long lo = 0;
    for (int i = 0; i < 5; i++) {
      hi = (hi << 8) | (random[i] & 0xff);
      lo = (lo << 8) | (random[i + 5] & 0xff);
    }
    for (int i = 17; i >= 10; i--) {
      out[i] = ALPHABET[(int) (hi & 31)];
      hi >>>= 5;
    }
    for (int i = 25; i >= 18; i--) {
      out[i] = ALPHABET[(int) (lo & 31)];
      lo >>>= 5;
    }
    return new String(out);
  }

  /** The id as given, or a {@link NotFoundException} when it cannot be an id at all (so a bad id reads as an unknown one). */
  public static String existing(String what, String id) {
    if (!StreamName.isValidId(id)) {
      throw new NotFoundException(what, id == null ? "" : id);
    }
    return id;
  }

  /** The SKU as given, or an {@link InvalidInputException} naming the field when it is not a valid SKU. */
  public static String newSku(String field, String sku) {
    if (!StreamName.isValidId(sku)) {
      throw new InvalidInputException(field, "must be 1-128 characters of [A-Za-z0-9._~-], starting with a letter or digit");
    }
    return sku;
  }
}
