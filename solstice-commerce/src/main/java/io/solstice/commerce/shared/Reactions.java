package io.solstice.commerce.shared;

import io.solstice.core.RecordedEvent;
import io.solstice.core.decider.Category;
import io.solstice.core.decider.Decider;
import io.solstice.core.decider.EventIds;
import io.solstice.core.decider.LoadMode;
import io.solstice.pipeline.EffectContext;
import io.solstice.pipeline.RetryPolicy;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Helpers shared by the commerce reactions. */
public final class Reactions {
  private Reactions() {}

  /**
   * Decodes an event of {@code category} when its type is one of {@code types}; other types, and
   * events of other categories (whose type names may be the same, e.g. {@code Shipped}), are
   * skipped without parsing their JSON.
   */
  public static <E> Optional<E> decodeIf(Category<?, E> category, RecordedEvent event, Set<String> types) {
    return types.contains(event.type()) && event.stream().category().equals(category.name())
        ? category.codec().decode(event) : Optional.empty();
  }

  /** The names of event record classes, as stored. */
  @SafeVarargs
  public static Set<String> types(Class<? extends Record>... classes) {
    java.util.HashSet<String> names = new java.util.HashSet<>();
    for (Class<? extends Record> c : classes) {
      names.add(c.getSimpleName());
    }
    return Set.copyOf(names);
  }

  /**
   * A decider that writes the reaction's metadata (correlation, causation = input event, trace,
   * producer) and deterministic event ids, so a redelivered input re-appends the same ids and the
   * store treats it as a duplicate. It decides {@link LoadMode#OPTIMISTIC optimistically} on the
   * cached state (the append verifies it; a no-op or refusal is re-checked on the current state),
   * and on the input event's own stream it knows that stream's version at least.
   */
  public static <S, E> Decider<S, E> reacting(Decider<S, E> decider, EffectContext ctx) {
    Decider<S, E> d = decider.withMetadata(ctx.metadata()).withEventIds(EventIds.fromCausation(ctx.service() + ":" + ctx.event().eventId()))
        .withLoadMode(LoadMode.OPTIMISTIC);
    return d.stream().equals(ctx.event().stream()) ? d.withMinimumVersion(ctx.event().version()) : d;
  }

  /**
   * {@code decider} of the stream an input event came from, knowing the stream has reached that
   * event's {@code version}: a cached state that includes the event is used without a store read
   * (it may miss later events written by other processes, which reach the reaction as inputs of
   * their own); an older one is caught up.
   */
  public static <S, E> Decider<S, E> upTo(Decider<S, E> decider, long version) {
    return decider.withMinimumVersion(version);
  }

  /**
   * Retry policy for reactions that depend on an external party (scorer, gateway, mail server):
   * keep retrying with backoff up to 30 s and hold the stream rather than park, so the work catches
   * up by itself when the party returns. A stream failing for over a minute is reported stuck.
   */
  public static RetryPolicy externalParty() {
    return RetryPolicy.defaults().withMaxAttempts(8).withBackoff(Duration.ofMillis(200), Duration.ofSeconds(30))
        .whenExhausted(RetryPolicy.Exhausted.HALT_STREAM);
  }
}
