package io.solstice.core.store;

import java.util.Objects;

/**
 * Identifies one checkpoint: a service's progress through one tenant's part of one source
 * partition (e.g. {@code fraud}, {@code acme}, {@code store:feed} or {@code kafka:orders-3}).
 */
public record CheckpointKey(String service, String tenant, String partition) {
  public CheckpointKey {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(partition, "partition");
  }
}
