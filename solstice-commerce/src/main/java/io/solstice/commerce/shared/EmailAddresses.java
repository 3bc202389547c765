package io.solstice.commerce.shared;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.regex.Pattern;

/**
 * Whether an e-mail address can be sent to, as the mail library that will send it sees it: Jakarta
 * Mail's own parser ({@link InternetAddress}, strict) must accept the text as one bare address
 * (no display name, no group, nothing before or after), and the address must have a dotted domain.
 * A pragmatic regex alone let {@code a;b@example.com} through, which the mail library then refused
 * at sending time, after the order was placed. Used where addresses are accepted (checkout, a
 * tenant's sender), never when reading stored events (a stricter rule must not make history
 * unreadable).
 */
public final class EmailAddresses {
  private EmailAddresses() {}

  /** Longest address accepted (RFC 5321's path limit). */
  public static final int MAX_LENGTH = 254;

  private static final Pattern SHAPE = Pattern.compile("[^@\\s]{1,64}@[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)+");

  /** True when the mail library accepts {@code address} as one bare, sendable address. */
  public static boolean deliverable(String address) {
    if (address == null || address.isEmpty() || address.length() > MAX_LENGTH || !SHAPE.matcher(address).matches()) {
      return false;
    }
    try {
      InternetAddress parsed = new InternetAddress(address, true);
      parsed.validate();
      return parsed.getPersonal() == null && address.equals(parsed.getAddress()) && !parsed.isGroup();
    } catch (AddressException e) {
      return false;
    }
  }

  /** Throws an {@link InvalidInputException} naming {@code field} unless {@code address} is {@link #deliverable}. */
  public static void requireDeliverable(String field, String address) {
    if (!deliverable(address)) {
      throw new InvalidInputException(field, "must be an e-mail address like ana@example.com that mail can be sent to");
    }
  }
}
