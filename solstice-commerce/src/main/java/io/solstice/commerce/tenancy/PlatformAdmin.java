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
  public sealed interface Event permits AdminKeyIssued {}

  public record AdminKeyIssued(String keyId, String keyHash) implements Event {}

  /** The folded state: the current admin key's hash, or null before the first start. */
  public record State(String keyId, String keyHash) {
    public static final State INITIAL = new State(null, null);
  }

  public static State evolve(State s, Event e) {
    return switch (e) {
      case AdminKeyIssued k -> new State(k.keyId(), k.keyHash());
    };
  }

  public static List<Event> issueAdminKey(State s, String keyId, String keyHash) {
    return keyHash.equals(s.keyHash()) ? List.of() : List.of(new AdminKeyIssued(keyId, keyHash));
  }
}
