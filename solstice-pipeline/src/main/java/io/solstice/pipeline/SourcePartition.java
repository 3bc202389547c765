package io.solstice.pipeline;

import io.solstice.core.StreamName;
import java.util.Objects;

/**
 * One tenant's part of one partition of a source: the unit a service keeps a cursor and a
 * checkpoint for, e.g. tenant {@code acme} of {@code store:Order}, or of {@code kafka:orders-3}.
 *
 * @param tenant the tenant
 * @param name the source partition's name (also the checkpoint's partition)
 */
public record SourcePartition(String tenant, String name) {
  public SourcePartition {
    StreamName.requireTenant(tenant);
    Objects.requireNonNull(name, "name");
  }

  @Override
  public String toString() {
    return tenant + "/" + name;
  }
}
