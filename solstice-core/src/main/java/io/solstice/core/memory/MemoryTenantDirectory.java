package io.solstice.core.memory;

import io.solstice.core.StreamName;
import io.solstice.core.store.TenantDirectory;
import io.solstice.core.store.TenantEntry;
import io.solstice.core.store.TenantPlacement;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A {@link TenantDirectory} held in memory, for tests and the {@link MemoryStore}. Thread-safe;
 * registration is idempotent (the first registration's placement and time are kept).
 */
public final class MemoryTenantDirectory implements TenantDirectory {
  private final ConcurrentSkipListMap<String, TenantEntry> entries = new ConcurrentSkipListMap<>();
  private final Clock clock;

  /** A directory stamping registrations with {@code clock}. */
  public MemoryTenantDirectory(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public TenantEntry register(String tenant, TenantPlacement placement) {
    StreamName.requireTenant(tenant);
    Objects.requireNonNull(placement, "placement");
    return entries.computeIfAbsent(tenant, t -> new TenantEntry(t, placement, clock.instant()));
  }

  @Override
  public Optional<TenantEntry> find(String tenant) {
    return tenant == null ? Optional.empty() : Optional.ofNullable(entries.get(tenant));
  }

  @Override
  public List<TenantEntry> list() {
    return List.copyOf(entries.values());
  }
}
