package io.solstice.commerce.tenancy;

import io.solstice.commerce.shared.InvalidInputException;
import io.solstice.commerce.shared.Money;
import io.solstice.commerce.shared.NotFoundException;
import io.solstice.commerce.shared.RuleViolationException;
import io.solstice.core.StreamName;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A brand on the platform, one stream per tenant ({@code tenant:Tenant-tenant}): its name and
 * currency, its current API key (only a keyed hash is stored), its policy, and whether it is
 * suspended. Rotating the key replaces the previous one at once; suspending stops every key while
 * the tenant's data stays.
 */
public final class Tenant {
  private Tenant() {}

  public static final String CATEGORY = "Tenant";

  public static StreamName stream(String tenant) {
    return StreamName.of(tenant, CATEGORY, tenant);
  }

  /** The events of a tenant. */
  public sealed interface Event permits Provisioned, ApiKeyIssued, PolicyChanged, Suspended, Reinstated {}

  public record Provisioned(String tenantId, String name, String currency) implements Event {}

  /** A new API key; {@code keyHash} is the keyed hash of the key, {@code keyId} a short public prefix to recognise it. */
  public record ApiKeyIssued(String keyId, String keyHash) implements Event {}

  public record PolicyChanged(Policy policy) implements Event {}

  public record Suspended(String reason) implements Event {}

  public record Reinstated() implements Event {}

  /** The folded state. {@code tenantId == null} until provisioned. */
  public record State(String tenantId, String name, String currency, String keyId, String keyHash, Policy policy, boolean suspended) {
    public static final State INITIAL = new State(null, null, null, null, null, null, false);

    public boolean exists() {
      return tenantId != null;
    }
  }

  public static State evolve(State s, Event e) {
    return switch (e) {
      case Provisioned p -> new State(p.tenantId(), p.name(), p.currency(), null, null, Policy.defaults(p.tenantId()), false);
      case ApiKeyIssued k -> new State(s.tenantId(), s.name(), s.currency(), k.keyId(), k.keyHash(), s.policy(), s.suspended());
      case PolicyChanged p -> new State(s.tenantId(), s.name(), s.currency(), s.keyId(), s.keyHash(), p.policy(), s.suspended());
      case Suspended x -> new State(s.tenantId(), s.name(), s.currency(), s.keyId(), s.keyHash(), s.policy(), true);
      case Reinstated x -> new State(s.tenantId(), s.name(), s.currency(), s.keyId(), s.keyHash(), s.policy(), false);
    };
  }

  /** Provisions a tenant with its first key; refused with {@code tenant_exists} when it already exists. */
  public static List<Event> provision(State s, String tenantId, String name, String currency, String keyId, String keyHash) {
    if (s.exists()) {
      throw new RuleViolationException("tenant_exists", "tenant '" + tenantId + "' already exists");
    }
    validate(name, currency);
    return List.of(new Provisioned(tenantId, name, currency), new ApiKeyIssued(keyId, keyHash));
  }

  /** Checks a new tenant's name and currency, naming every bad field. */
  public static void validate(String name, String currency) {
    Map<String, String> problems = new LinkedHashMap<>();
    if (name == null || name.isBlank() || name.length() > 200) {
      problems.put("name", "must be 1-200 characters");
    }
    try {
      Money.currencyOf(currency);
    } catch (InvalidInputException e) {
      problems.putAll(e.fields());
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
  }

  /** Issues a new key, replacing the current one; issuing the current key again writes nothing. */
  public static List<Event> rotateKey(State s, String tenantId, String keyId, String keyHash) {
    requireExists(s, tenantId);
    return Objects.equals(keyId, s.keyId()) && Objects.equals(keyHash, s.keyHash()) ? List.of() : List.of(new ApiKeyIssued(keyId, keyHash));
  }

  /** Replaces the policy; nothing when it already holds. */
  public static List<Event> changePolicy(State s, String tenantId, Policy policy) {
    requireExists(s, tenantId);
    if (policy == null) {
      throw new InvalidInputException("policy", "is required");
    }
    return policy.equals(s.policy()) ? List.of() : List.of(new PolicyChanged(policy));
  }

  /** Stops every key of the tenant (its data stays); nothing when already suspended. */
  public static List<Event> suspend(State s, String tenantId, String reason) {
    requireExists(s, tenantId);
    return s.suspended() ? List.of() : List.of(new Suspended(reason == null ? "suspended by an operator" : reason));
  }

  /** Lets the tenant's key work again; nothing when not suspended. */
  public static List<Event> reinstate(State s, String tenantId) {
    requireExists(s, tenantId);
    return s.suspended() ? List.of(new Reinstated()) : List.of();
  }

  private static void requireExists(State s, String tenantId) {
    if (!s.exists()) {
      throw new NotFoundException("tenant", tenantId);
    }
  }
}
