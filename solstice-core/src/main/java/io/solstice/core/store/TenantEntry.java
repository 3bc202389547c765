package io.solstice.core.store;

import java.time.Instant;

/**
 * One row of the tenant directory.
 *
 * @param tenant the tenant id (same rules as the tenant part of a stream name)
 * @param placement where its data lives
 * @param registeredAt when it was registered
 */
public record TenantEntry(String tenant, TenantPlacement placement, Instant registeredAt) {}
