package io.solstice.commerce.shared;

import io.solstice.core.RecordedEvent;
import io.solstice.core.decider.Category;
import io.solstice.core.decider.Decider;
import io.solstice.core.decider.EventIds;
import io.solstice.pipeline.EffectContext;
import io.solstice.pipeline.RetryPolicy;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Helpers shared by the commerce reactions. */
public final class Reactions {
  private Reactions() {}

  /**
   * Decodes an event of {@code category} when its type is one of {@code types}; other types are
   * skipped without parsing their JSON.
   */
  public static <E> Optional<E> decodeIf(Category<?, E> category, RecordedEvent event, Set<String> types) {
    return types.contains(event.type()) ? category.codec().decode(event) : Optional.empty();
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
   * store treats it as a duplicate.
   */
  public static <S, E> Decider<S, E> reacting(Decider<S, E> decider, EffectContext ctx) {
    return decider.withMetadata(ctx.metadata()).withEventIds(EventIds.fromCausation(ctx.service() + ":" + ctx.event().eventId()));
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
