package io.solstice.commerce.tenancy;

import io.solstice.core.StreamName;
import java.util.List;

/**
 * The platform's own record ({@code platform:Platform-admin}): the hash of the admin key. The
 * tenant id {@code platform} is reserved for it and can never be provisioned.
 */
public final class PlatformAdmin {
  private PlatformAdmin() {}

  /** The reserved tenant id of platform records. */
  public static final String TENANT = "platform";

  public static final String CATEGORY = "Platform";

  public static StreamName stream() {
    return StreamName.of(TENANT, CATEGORY, "admin");
  }

  /** The events of the platform record. */
  public sealed interface Event permits AdminKeyIssued, PepperRecorded {}

  public record AdminKeyIssued(String keyId, String keyHash) implements Event {}

  /** The fingerprint of the API-key pepper every key hash of this store is made with (never the pepper). */
  public record PepperRecorded(String fingerprint) implements Event {}

  /**
   * The folded state: the current admin key's hash (null before the first start) and the pepper's
   * fingerprint (null until a process recorded it).
   */
  public record State(String keyId, String keyHash, String pepperFingerprint) {
    public static final State INITIAL = new State(null, null, null);
  }

  public static State evolve(State s, Event e) {
    return switch (e) {
      case AdminKeyIssued k -> new State(k.keyId(), k.keyHash(), s.pepperFingerprint());
      case PepperRecorded p -> new State(s.keyId(), s.keyHash(), p.fingerprint());
    };
  }

  /** Records {@code fingerprint} if none is recorded yet; nothing if one is (the caller compares). */
  public static List<Event> recordPepper(State s, String fingerprint) {
    return s.pepperFingerprint() == null ? List.of(new PepperRecorded(fingerprint)) : List.of();
  }

  public static List<Event> issueAdminKey(State s, String keyId, String keyHash) {
    return keyHash.equals(s.keyHash()) ? List.of() : List.of(new AdminKeyIssued(keyId, keyHash));
  }
}
