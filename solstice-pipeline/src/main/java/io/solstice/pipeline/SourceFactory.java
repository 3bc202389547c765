package io.solstice.pipeline;

import io.solstice.core.store.EventStore;

/** Builds the {@link Source} for a URI of one scheme ({@code store}, {@code kafka}, …). */
@FunctionalInterface
public interface SourceFactory {

  /**
   * Builds a source.
   *
   * @param uri the source URI, e.g. {@code store:Order?tenant=acme}
   * @param store the host's event store
   * @param pageSize the service's page size ({@link Scheduling#pageSize()}), unless the URI overrides it
   * @throws IllegalArgumentException if the URI is malformed, naming the bad part
   */
  Source create(String uri, EventStore store, int pageSize);
}
