package io.solstice.core.store;

import io.solstice.core.SolsticeException;

/**
 * A write made on behalf of a {@link Lease} was refused because the lease is no longer held by that
 * grant: another instance took it over (its token is higher) or it was released. The caller must
 * stop the work the lease covered; nothing was written.
 */
public final class LeaseLostException extends SolsticeException {
  private final Lease lease;

  public LeaseLostException(Lease lease, String what) {
    super(what + " refused: lease " + lease.name() + " (token " + lease.token() + ") is no longer held by " + lease.holder()
        + "; another instance has taken over, so this one stops that work and stands by");
    this.lease = lease;
  }

  public Lease lease() {
    return lease;
  }
}
