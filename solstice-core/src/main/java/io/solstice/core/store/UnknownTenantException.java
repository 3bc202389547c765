package io.solstice.core.store;

import io.solstice.core.SolsticeException;

/** An append named a tenant the store's tenant directory does not know. Nothing was written. */
public final class UnknownTenantException extends SolsticeException {
  private final String tenant;

  public UnknownTenantException(String tenant) {
    super("tenant '" + tenant + "' is not in the tenant directory; provision it first (POST /admin/tenants) — nothing was written");
    this.tenant = tenant;
  }

  public String tenant() {
    return tenant;
  }
}
