package io.solstice.core.store;

import java.util.List;
import java.util.Optional;

/**
 * The list of tenants a store knows and where each one's data lives. A store refuses appends for a
 * tenant its directory does not know ({@link UnknownTenantException}). Provisioning registers
 * tenants here; registration is idempotent.
 */
public interface TenantDirectory {

  /**
   * Registers a tenant (or returns the existing entry unchanged if it is already registered).
   *
   * @return the entry now in the directory
   */
  TenantEntry register(String tenant, TenantPlacement placement);

  /** The entry for {@code tenant}, if registered. */
  Optional<TenantEntry> find(String tenant);

  /** Every registered tenant, ordered by id. */
  List<TenantEntry> list();

  /** True when {@code tenant} is registered. */
  default boolean contains(String tenant) {
    return find(tenant).isPresent();
  }
}
