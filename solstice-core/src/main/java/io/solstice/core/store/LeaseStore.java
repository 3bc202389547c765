package io.solstice.core.store;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Leases in the store's database, so that of several processes on one store at most one is the
 * active instance of a role at a time; the others stand by and take over when it dies.
 *
 * <h2>Semantics</h2>
 *
 * <ul>
 *   <li>A lease is granted to one holder until {@code ttl} after the last grant or renewal, by the
 *       database's clock (never the callers', which may differ). Each grant has a new, higher
 *       fencing token.
 *   <li>A lease is free when it has expired, was released, or (where the backend can tell) its
 *       holder's session is gone: PostgreSQL knows when the holder's connection died, so a killed
 *       process's leases are free at once rather than after {@code ttl}.
 *   <li>Renewal succeeds only for the current grant (same holder and token); a holder whose
 *       renewal fails has lost the lease and must stop the work it covers.
 * </ul>
 */
public interface LeaseStore {

  /** Takes {@code name} for {@code holder} if it is free, for {@code ttl}; empty if another holder has it. */
  Optional<Lease> tryAcquire(String name, String holder, Duration ttl);

  /** Extends every lease of {@code leases} still held by its grant; returns those renewed (the others are lost). */
  Set<Lease> renew(Collection<Lease> leases, Duration ttl);

  /** Gives {@code lease} up at once, so that a standby may take it over without waiting for it to expire. */
  void release(Lease lease);

  /** Every lease with its holder and whether it is live now, for operators. */
  List<LeaseInfo> list();

  /**
   * A lease as stored.
   *
   * @param name the lease
   * @param holder its last holder
   * @param token its last grant's token
   * @param live true if it is held now (not expired, released or abandoned)
   */
  record LeaseInfo(String name, String holder, long token, boolean live) {}
}
