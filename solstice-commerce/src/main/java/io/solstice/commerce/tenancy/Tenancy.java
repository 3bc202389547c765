package io.solstice.commerce.tenancy;

import io.solstice.commerce.shared.InvalidInputException;
import io.solstice.commerce.shared.NotFoundException;
import io.solstice.core.InvalidStreamNameException;
import io.solstice.core.StreamName;
import io.solstice.core.codec.JsonCodec;
import io.solstice.core.decider.Category;
import io.solstice.core.decider.StateCache;
import io.solstice.core.store.EventStore;
import io.solstice.core.store.TenantEntry;
import io.solstice.core.store.TenantPlacement;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.solstice.core.decider.StreamState;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Provisions tenants and checks API keys. Provisioning registers the tenant in the store's tenant
 * directory (so the store accepts its events) and then writes its stream; both steps are
 * idempotent, so a provisioning interrupted between them completes when retried.
 *
 * <h2>Tenant states kept for requests and reactions</h2>
 *
 * Every request checks a key and every reaction that needs a tenant's policy asks {@link
 * #context}: both read the tenant's state from a small cache of recently read tenant states instead
 * of the store, each entry kept for at most {@code stateTtl} (default {@link #DEFAULT_STATE_TTL})
 * after it was read. This process's own changes (key rotation, suspension, reinstatement, policy)
 * replace the entry as part of the write, and an entry is only ever replaced by one of a higher
 * stream version, so within this process a rotated key or a suspended tenant is refused from the
 * moment the change is acknowledged, exactly as without the cache. A change made by <em>another</em>
 * process reaches this one within {@code stateTtl}: that is the bound on how long an old key keeps
 * working here after another process rotated it (or a suspended tenant keeps being served, or an
 * old policy keeps being applied).
 *
 * <h2>Keys naming unknown tenants</h2>
 *
 * A key whose tenant part names no tenant is refused without a store lookup once the tenant was
 * looked up and found missing within {@code stateTtl} (a bounded cache of absent tenant ids), so
 * guessing keys for made-up tenants costs no database work. Provisioning here forgets the absence
 * at once; a tenant provisioned by another process is recognised here within {@code stateTtl}.
 */
public final class Tenancy {
  /** Tenant ids that can never be provisioned. */
  public static final Set<String> RESERVED = Set.of(PlatformAdmin.TENANT, "admin", "system", "solstice");

  private final EventStore store;
  private final Category<Tenant.State, Tenant.Event> tenants;
  private final Category<PlatformAdmin.State, PlatformAdmin.Event> platform;
  private final ApiKeys keys;
  private final Function<String, TenantPlacement> placement;
  private final Cache<String, StreamState<Tenant.State>> states;
  /** Tenant ids looked up and found missing, kept for {@code stateTtl}: keys naming them are refused without a lookup. */
  private final Cache<String, Boolean> absent;

  /** How long a tenant state read from the store is used before it is read again: 1 second. */
  public static final Duration DEFAULT_STATE_TTL = Duration.ofSeconds(1);

  public Tenancy(EventStore store, Category<Tenant.State, Tenant.Event> tenants, ApiKeys keys, Function<String, TenantPlacement> placement) {
    this(store, tenants, keys, placement, DEFAULT_STATE_TTL, InstantSource.system());
  }

  /**
   * @param stateTtl how long a tenant's state read from the store is used for keys and policies (see
   *     the class comment); zero reads the store on every request
   * @param clock measures {@code stateTtl}
   */
  public Tenancy(EventStore store, Category<Tenant.State, Tenant.Event> tenants, ApiKeys keys, Function<String, TenantPlacement> placement,
      Duration stateTtl, InstantSource clock) {
    if (stateTtl == null || stateTtl.isNegative()) {
      throw new IllegalArgumentException("stateTtl must be zero or positive, was " + stateTtl);
    }
    java.util.Objects.requireNonNull(clock, "clock");
    this.states = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(stateTtl)
        .ticker(() -> {
          java.time.Instant now = clock.instant();
          return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        })
        .build();
    this.absent = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(stateTtl)
        .ticker(() -> {
          java.time.Instant now = clock.instant();
          return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        })
        .build();
    this.store = store;
    this.tenants = tenants;
    this.keys = keys;
    this.placement = placement;
    this.platform = Category.builder(PlatformAdmin.CATEGORY, JsonCodec.forSealed(PlatformAdmin.Event.class), PlatformAdmin.State.INITIAL, PlatformAdmin::evolve)
        .cache(StateCache.bounded(16)).build(store);
  }

  /** A tenant as the admin API shows it. */
  public record TenantView(String tenantId, String name, String currency, boolean suspended, Policy policy, String keyId, String placement) {}

  /** The answer to provisioning: the tenant id and its first API key (shown once, never stored). */
  public record Provisioned(String tenantId, String apiKey) {}

  /** The authenticated caller of a tenant route. */
  public record TenantContext(String tenantId, String currency, Policy policy) {}

  public Provisioned provision(String tenantId, String name, String currency) {
    return provision(tenantId, name, currency, placement.apply(tenantId));
  }

  /**
   * Provisions a tenant whose data lives at {@code where}: the pooled store, or a dedicated store
   * configured in this process (the caller checks the name; an unknown one fails before anything is
   * written). The placement is fixed for the tenant's life.
   */
  public Provisioned provision(String tenantId, String name, String currency, TenantPlacement where) {
    requireNewTenantId(tenantId);
    Tenant.validate(name, currency); // before anything is written: a refused request changes nothing
    ApiKeys.Issued key = keys.issue(tenantId);
    store.tenants().register(tenantId, where);
    absent.invalidate(tenantId);
    remember(tenantId, tenants.decider(Tenant.stream(tenantId)).transact(s -> Tenant.provision(s, tenantId, name, currency, key.keyId(), key.hash())));
    return new Provisioned(tenantId, key.key());
  }

  /** Issues a new key; the previous one stops working at once. */
  public String rotateKey(String tenantId) {
    requireTenant(tenantId);
    ApiKeys.Issued key = keys.issue(tenantId);
    remember(tenantId, tenants.decider(Tenant.stream(tenantId)).transact(s -> Tenant.rotateKey(s, tenantId, key.keyId(), key.hash())));
    return key.key();
  }

  public TenantView changePolicy(String tenantId, Policy policy) {
    policy.requireSettable();
    requireTenant(tenantId);
    remember(tenantId, tenants.decider(Tenant.stream(tenantId)).transact(s -> Tenant.changePolicy(s, tenantId, policy)));
    return get(tenantId);
  }

  public TenantView suspend(String tenantId, String reason) {
    requireTenant(tenantId);
    remember(tenantId, tenants.decider(Tenant.stream(tenantId)).transact(s -> Tenant.suspend(s, tenantId, reason)));
    return get(tenantId);
  }

  public TenantView reinstate(String tenantId) {
    requireTenant(tenantId);
    remember(tenantId, tenants.decider(Tenant.stream(tenantId)).transact(s -> Tenant.reinstate(s, tenantId)));
    return get(tenantId);
  }

  public TenantView get(String tenantId) {
    TenantEntry entry = requireTenant(tenantId);
    Tenant.State s = tenants.decider(Tenant.stream(tenantId)).query(Function.identity());
    if (!s.exists()) {
      throw new NotFoundException("tenant", tenantId);
    }
    return view(s, entry);
  }

  /** Every provisioned tenant, by id. */
  public List<TenantView> list() {
    return store.tenants().list().stream()
        .filter(e -> !RESERVED.contains(e.tenant()))
        .map(e -> {
          Tenant.State s = tenants.decider(Tenant.stream(e.tenant())).query(Function.identity());
          return s.exists() ? view(s, e) : null;
        })
        .filter(v -> v != null)
        .toList();
  }

  /** The tenant whose current key is {@code apiKey}, unless it is suspended. */
  public Optional<TenantContext> authenticate(String apiKey) {
    String owner = ApiKeys.ownerOf(apiKey);
    if (owner == null || RESERVED.contains(owner) || !isTenantId(owner) || !known(owner)) {
      return Optional.empty();
    }
    Tenant.State s = recent(owner);
    if (!s.exists() || s.suspended() || !keys.matches(apiKey, s.keyHash())) {
      return Optional.empty();
    }
    return Optional.of(new TenantContext(s.tenantId(), s.currency(), s.policy()));
  }

  /** Whether the tenant is registered; a recent "no" is remembered (see the class comment). */
  private boolean known(String tenantId) {
    if (absent.getIfPresent(tenantId) != null) {
      return false;
    }
    if (store.tenants().contains(tenantId)) {
      return true;
    }
    absent.put(tenantId, Boolean.TRUE);
    return false;
  }

  /** The tenant's context for internal callers (services), or empty when it does not exist. */
  public Optional<TenantContext> context(String tenantId) {
    Tenant.State s = recent(tenantId);
    return s.exists() ? Optional.of(new TenantContext(s.tenantId(), s.currency(), s.policy())) : Optional.empty();
  }

  /**
   * Makes sure the admin key is set: {@code configuredKey} (from {@code SOLSTICE_ADMIN_KEY}) when
   * given; otherwise a key is generated on the first start only.
   *
   * @return the newly generated admin key, to be printed once; empty when none was generated
   */
  /**
   * Checks that this process hashes keys with the same pepper as the processes before it on this
   * store (recording the pepper's fingerprint on the first start), before any key hash is written.
   *
   * @throws PepperMismatchException if the store's keys were made with another pepper
   */
  public void requireSamePepper() {
    store.tenants().register(PlatformAdmin.TENANT, TenantPlacement.POOLED_STORE);
    String mine = keys.fingerprint();
    String recorded = platform.decider(PlatformAdmin.stream()).transact(s -> PlatformAdmin.recordPepper(s, mine)).state().pepperFingerprint();
    if (!mine.equals(recorded)) {
      throw new PepperMismatchException(mine, recorded);
    }
  }

  public Optional<String> ensureAdminKey(String configuredKey) {
    requireStrongAdminKey(configuredKey);
    store.tenants().register(PlatformAdmin.TENANT, TenantPlacement.POOLED_STORE);
    var decider = platform.decider(PlatformAdmin.stream());
    if (configuredKey != null && !configuredKey.isBlank()) {
      String hash = keys.hash(configuredKey);
      decider.transact(s -> PlatformAdmin.issueAdminKey(s, "env", hash));
      return Optional.empty();
    }
    if (decider.query(PlatformAdmin.State::keyHash) != null) {
      return Optional.empty();
    }
    ApiKeys.Issued issued = keys.issue("admin");
    String stored = decider.transact(s -> s.keyHash() == null ? PlatformAdmin.issueAdminKey(s, issued.keyId(), issued.hash()) : List.<PlatformAdmin.Event>of())
        .state().keyHash();
    // Another process may have won the race to the first key: then ours was not stored.
    return issued.hash().equals(stored) ? Optional.of(issued.key()) : Optional.empty();
  }

  /** Shortest admin key accepted from configuration ({@code SOLSTICE_ADMIN_KEY}). */
  public static final int MIN_ADMIN_KEY_LENGTH = 24;

  /**
   * Refuses a configured admin key shorter than {@value #MIN_ADMIN_KEY_LENGTH} characters (null or
   * blank means "generate one" and passes), with a message saying how to make a good one.
   */
  public static void requireStrongAdminKey(String configuredKey) {
    if (configuredKey != null && !configuredKey.isBlank() && configuredKey.strip().length() < MIN_ADMIN_KEY_LENGTH) {
      throw new IllegalArgumentException("SOLSTICE_ADMIN_KEY is " + configuredKey.strip().length() + " characters long; an admin key needs at least "
          + MIN_ADMIN_KEY_LENGTH + " (use a random one, e.g. `openssl rand -base64 32`), or unset it to have one generated on the first start");
    }
  }

  public boolean isAdminKey(String key) {
    String hash = platform.decider(PlatformAdmin.stream()).query(PlatformAdmin.State::keyHash);
    return keys.matches(key, hash);
  }

  /** The tenant's state as read at most {@code stateTtl} ago, or as this process last wrote it. */
  private Tenant.State recent(String tenantId) {
    StreamState<Tenant.State> known = states.getIfPresent(tenantId);
    if (known == null) {
      known = remember(tenantId, tenants.decider(Tenant.stream(tenantId)).load());
    }
    return known.state();
  }

  /** Keeps {@code state} unless a newer version of the tenant is kept already; returns the one kept. */
  private StreamState<Tenant.State> remember(String tenantId, StreamState<Tenant.State> state) {
    return states.asMap().merge(tenantId, state, (old, neu) -> neu.version() >= old.version() ? neu : old);
  }

  private TenantView view(Tenant.State s, TenantEntry entry) {
    return new TenantView(s.tenantId(), s.name(), s.currency(), s.suspended(), s.policy(), s.keyId(), entry.placement().location());
  }

  private TenantEntry requireTenant(String tenantId) {
    if (!isTenantId(tenantId) || RESERVED.contains(tenantId)) {
      throw new NotFoundException("tenant", tenantId);
    }
    return store.tenants().find(tenantId).orElseThrow(() -> new NotFoundException("tenant", tenantId));
  }

  /** Checks that {@code tenantId} is valid and not reserved ({@link InvalidInputException} naming {@code id}). */
  public static void requireNewTenantId(String tenantId) {
    try {
      StreamName.requireTenant(tenantId);
    } catch (InvalidStreamNameException e) {
      throw new InvalidInputException("id", e.getMessage());
    }
    if (RESERVED.contains(tenantId)) {
      throw new InvalidInputException("id", "'" + tenantId + "' is reserved; choose another tenant id");
    }
  }

  private static boolean isTenantId(String s) {
    try {
      StreamName.requireTenant(s);
      return true;
    } catch (InvalidStreamNameException e) {
      return false;
    }
  }
}
