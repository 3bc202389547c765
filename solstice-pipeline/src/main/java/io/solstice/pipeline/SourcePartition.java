package io.solstice.pipeline;

import io.solstice.core.StreamName;
import java.util.Objects;

/**
 * One partition of a source: the unit a service keeps a cursor, a read-ahead bound and a
 * checkpoint for. For {@code store:} sources it is one tenant's part of one category (tenant {@code
 * acme} of {@code store:Order}), so that one tenant's flood never holds back another's input; for
 * Kafka it is one topic partition, shared by every tenant whose streams hash to it ({@code tenant}
 * is null).
 *
 * @param tenant the tenant, or null for a partition shared by tenants
 * @param name the source partition's name (also the checkpoint's partition)
 */
public record SourcePartition(String tenant, String name) {
  public SourcePartition {
    if (tenant != null) {
      StreamName.requireTenant(tenant);
    }
    Objects.requireNonNull(name, "name");
  }

  /** A partition shared by every tenant (a Kafka partition). */
  public static SourcePartition shared(String name) {
    return new SourcePartition(null, name);
  }

  /** The tenant tag of this partition's metrics: its tenant, or {@code *} when shared. */
  String tenantTag() {
    return tenant == null ? "*" : tenant;
  }

  @Override
  public String toString() {
    return tenant == null ? name : tenant + "/" + name;
  }
}
