package io.solstice.commerce.shared;

import io.solstice.core.SolsticeException;
import java.util.List;
import java.util.function.Supplier;

/**
 * Test support for deciders' properties: runs a decision and tells apart its two allowed outcomes,
 * events (none when the intent already holds) or a domain error (not found, invalid input, rule
 * violation: HTTP 404, 422, 409). Any other exception (a NullPointerException, an
 * IllegalArgumentException) escapes and fails the property.
 */
public final class Decisions {
  private Decisions() {}

  /** What a decision came to. */
  public sealed interface Outcome<E> {
    /** The events to append; {@code events()} is empty on an accepted, already-holding command, and on a refusal. */
    List<E> events();

    /** Accepted: these events are to be appended. */
    record Accepted<E>(List<E> events) implements Outcome<E> {}

    /** Refused with a domain error: nothing is appended. */
    record Refused<E>(SolsticeException error) implements Outcome<E> {
      @Override
      public List<E> events() {
        return List.of();
      }
    }
  }

  /** Runs {@code decision}, catching only domain errors. */
  public static <E> Outcome<E> attempt(Supplier<List<E>> decision) {
    try {
      return new Outcome.Accepted<>(List.copyOf(decision.get()));
    } catch (NotFoundException | InvalidInputException | RuleViolationException refused) {
      return new Outcome.Refused<>(refused);
    }
  }
}
