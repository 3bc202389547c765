package io.solstice.core.store;

import java.util.List;
import java.util.Optional;

/**
 * Durable dead letters, stored in the store's own database so they survive restarts and can be
 * listed and replayed from the command line whether or not a server runs.
 */
public interface DeadLetterStore {

  /**
   * Parks a dead letter. Parking the same event for the same service again updates the existing
   * entry (attempts, error, status PARKED) instead of adding a second one.
   *
   * @return the dead letter's id
   */
  long park(DeadLetter letter);

  /** Dead letters of {@code service} (all when null) with {@code status} (all when null), oldest first, at most {@code max}. */
  List<DeadLetter> list(String service, DeadLetter.Status status, int max);

  /** One dead letter by id. */
  Optional<DeadLetter> find(long id);

  /** Changes a dead letter's status; returns false when no such id exists. */
  boolean updateStatus(long id, DeadLetter.Status status);
}
