package io.solstice.core.store;

/**
 * Where a tenant's data lives: in the pooled store shared by most tenants, or in a dedicated store
 * (its own SQLite file or PostgreSQL database) named by {@code location}.
 *
 * @param location {@link #POOLED} or the name of a dedicated store from configuration
 */
public record TenantPlacement(String location) {

  /** The name of the shared store. */
  public static final String POOLED = "pooled";

  public static final TenantPlacement POOLED_STORE = new TenantPlacement(POOLED);

  public TenantPlacement {
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException("tenant placement needs a location: 'pooled' or a dedicated store's name");
    }
  }

  public static TenantPlacement dedicated(String storeName) {
    return new TenantPlacement(storeName);
  }

  public boolean pooled() {
    return POOLED.equals(location);
  }
}
