package io.solstice.commerce.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.commerce.Categories;
import io.solstice.core.memory.MemoryStore;
import io.solstice.core.store.TenantPlacement;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The tenant states that key checks and policy lookups keep for {@code stateTtl}: this process's own
 * changes apply at once; another process's within the TTL.
 */
class TenantStateCacheTest {
  final MemoryStore store = new MemoryStore();
  final ApiKeys keys = new ApiKeys(ApiKeys.newPepper());
  final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
  final InstantSource clock = now::get;
  /** This process: keeps tenant states for 10 s. */
  final Tenancy here = new Tenancy(store, Categories.on(store).tenants(), keys, t -> TenantPlacement.POOLED_STORE,
      Duration.ofSeconds(10), clock);
  /** Another process on the same store, with its own caches. */
  final Tenancy elsewhere = new Tenancy(store, Categories.on(store).tenants(), keys, t -> TenantPlacement.POOLED_STORE,
      Duration.ofSeconds(10), clock);

  @Test
  void aKeyRotatedInThisProcessStopsWorkingAtOnce() {
    String old = here.provision("acme", "Acme", "EUR").apiKey();
    assertThat(here.authenticate(old)).isPresent();

    String rotated = here.rotateKey("acme");

    assertThat(here.authenticate(old)).isEmpty();
    assertThat(here.authenticate(rotated)).isPresent();
  }

  @Test
  void aTenantSuspendedInThisProcessIsRefusedAtOnce() {
    String key = here.provision("acme", "Acme", "EUR").apiKey();
    assertThat(here.authenticate(key)).isPresent();

    here.suspend("acme", "unpaid");

    assertThat(here.authenticate(key)).isEmpty();
  }

  @Test
  void aPolicyChangedInThisProcessAppliesAtOnce() {
    here.provision("acme", "Acme", "EUR");
    assertThat(here.context("acme")).isPresent();

    here.changePolicy("acme", new Policy(new BigDecimal("0.07"), new BigDecimal("100"), Policy.CaptureOn.CONFIRM, "shop@acme.example", 3));

    assertThat(here.context("acme").orElseThrow().policy().taxRate()).isEqualByComparingTo("0.07");
  }

  @Test
  void aKeyRotatedByAnotherProcessStopsWorkingHereWithinTheTtl() {
    String old = here.provision("acme", "Acme", "EUR").apiKey();
    assertThat(here.authenticate(old)).isPresent();

    String rotated = elsewhere.rotateKey("acme");
    now.set(now.get().plus(Duration.ofSeconds(10)));

    assertThat(here.authenticate(old)).isEmpty();
    assertThat(here.authenticate(rotated)).isPresent();
  }

  @Test
  void withoutATtlEveryCheckReadsTheStore() {
    Tenancy uncached = new Tenancy(store, Categories.on(store).tenants(), keys, t -> TenantPlacement.POOLED_STORE,
        Duration.ZERO, clock);
    String old = uncached.provision("acme", "Acme", "EUR").apiKey();
    assertThat(uncached.authenticate(old)).isPresent();

    elsewhere.rotateKey("acme");

    assertThat(uncached.authenticate(old)).isEmpty();
  }
}
