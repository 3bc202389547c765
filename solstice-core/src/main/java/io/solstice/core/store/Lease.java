package io.solstice.core.store;

import java.util.Objects;

/**
 * A lease held: the right of one holder to be the only active instance of a named role (a service
 * on a store feed, the Kafka publisher) until it expires or is handed over. Each grant gets a new,
 * higher {@code token}; writes made on behalf of the lease carry it ({@link
 * CheckpointStore#saveAll(java.util.Map, Lease)}) and are refused once another holder took the lease
 * over, so a stale instance can never move a checkpoint.
 *
 * @param name what the lease is for, e.g. {@code service:fraud}
 * @param holder who holds it (an instance id)
 * @param token the fencing token of this grant
 */
public record Lease(String name, String holder, long token) {
  public Lease {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(holder, "holder");
  }
}
