package io.solstice.commerce.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.commerce.Categories;
import io.solstice.core.memory.MemoryStore;
import io.solstice.core.store.EventStore;
import io.solstice.core.store.TenantDirectory;
import io.solstice.core.store.TenantPlacement;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, fix 7: a key naming an unknown tenant cost a tenant-directory (database) lookup on
 * every request. Now a tenant found missing is remembered for the state TTL, and provisioning it
 * here makes it known at once.
 */
class UnknownTenantKeysCostNoLookupTest {
  final MemoryStore memory = new MemoryStore();
  final AtomicInteger lookups = new AtomicInteger();
  final EventStore store = counting(memory, lookups);
  final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
  final Tenancy tenancy = new Tenancy(store, Categories.on(store).tenants(), new ApiKeys(ApiKeys.newPepper()),
      t -> TenantPlacement.POOLED_STORE, Duration.ofSeconds(1), (InstantSource) now::get);

  static String keyOf(String tenant) {
    return "sk_" + tenant + "_" + "A".repeat(43);
  }

  @Test
  void repeatedKeysForAnUnknownTenantLookItUpOncePerTtl() {
    for (int i = 0; i < 100; i++) {
      assertThat(tenancy.authenticate(keyOf("ghost"))).isEmpty();
    }
    assertThat(lookups.get()).isEqualTo(1);

    now.set(now.get().plusSeconds(2));
    assertThat(tenancy.authenticate(keyOf("ghost"))).isEmpty();
    assertThat(lookups.get()).isEqualTo(2);
  }

  @Test
  void aTenantProvisionedHereIsKnownAtOnceDespiteAnEarlierMiss() {
    assertThat(tenancy.authenticate(keyOf("acme"))).isEmpty();
    String key = tenancy.provision("acme", "Acme", "EUR").apiKey();
    assertThat(tenancy.authenticate(key)).isPresent();
  }

  /** {@code store} with its tenant directory's lookups ({@code find}, {@code contains}) counted. */
  static EventStore counting(EventStore store, AtomicInteger lookups) {
    TenantDirectory directory = store.tenants();
    TenantDirectory countingDirectory = (TenantDirectory) Proxy.newProxyInstance(TenantDirectory.class.getClassLoader(),
        new Class<?>[] {TenantDirectory.class}, (proxy, method, args) -> {
          if (method.getName().equals("find") || method.getName().equals("contains")) {
            lookups.incrementAndGet();
          }
          return invoke(method, directory, args);
        });
    return (EventStore) Proxy.newProxyInstance(EventStore.class.getClassLoader(), new Class<?>[] {EventStore.class},
        (proxy, method, args) -> method.getName().equals("tenants") ? countingDirectory : invoke(method, store, args));
  }

  private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
