package io.solstice.core.store;

import io.solstice.core.StreamName;
import org.jspecify.annotations.Nullable;

/**
 * Which part of the global feed to read: everything, one tenant, or one tenant's category. A
 * filtered read is served by an index, so a per-tenant reader never scans other tenants' events.
 *
 * @param tenant the tenant, or null for all tenants
 * @param category the category, or null for all categories (requires a tenant)
 */
public record FeedFilter(@Nullable String tenant, @Nullable String category) {

  /** The whole feed. */
  public static final FeedFilter ALL = new FeedFilter(null, null);

  public FeedFilter {
    if (tenant != null) {
      StreamName.requireTenant(tenant);
    }
    if (category != null) {
      StreamName.requireCategory(category);
      if (tenant == null) {
        throw new IllegalArgumentException("a feed filter by category " + category + " needs a tenant too");
      }
    }
  }

  public static FeedFilter tenant(String tenant) {
    return new FeedFilter(tenant, null);
  }

  public static FeedFilter category(String tenant, String category) {
    return new FeedFilter(tenant, category);
  }

  /** True when {@code stream} belongs to this part of the feed. */
  public boolean matches(StreamName stream) {
    return (tenant == null || tenant.equals(stream.tenant())) && (category == null || category.equals(stream.category()));
  }
}
