package io.solstice.commerce.shared;

import io.solstice.core.RecordedEvent;
import io.solstice.core.decider.Decider;
import io.solstice.core.decider.LoadMode;
import io.solstice.core.decider.MultiStreamDecider;
import io.solstice.pipeline.EffectContext;
import java.util.List;
import java.util.function.Function;

/**
 * A reaction of this process that can decide, inside another reaction's commit, what it would
 * decide for that reaction's events once they reach it from the feed (see {@link FusedCommit}).
 * It runs the same decode and handle as the service does and stages the events its interpret
 * would append, with the ids and metadata of {@code ctx}, so they are the same events.
 *
 * <p>Staging nothing is always correct: the service still receives every event from the feed and
 * decides then. {@link #stage} must be pure apart from reading states (a commit may be decided
 * again on a conflict) and must not call external parties; {@link #decidedInCommit} and {@link
 * #notCommitted} are where an implementation keeps what it needs to skip those events later.
 */
public interface FollowOn {

  /** The name of the service whose decision this is. */
  String service();

  /**
   * Stages into {@code tx} what this service decides for {@code event}: an event the preceding
   * reaction is about to write, with its id, metadata and version to be (its position is 0: not
   * known before the commit). {@code ctx} is this service's context for it.
   *
   * @return true when this service's whole decision for {@code event} is staged, so that once the
   *     commit succeeds the service has nothing left to do for it ({@link #decidedInCommit})
   */
  boolean stage(RecordedEvent event, EffectContext ctx, MultiStreamDecider.Context tx);

  /**
   * Called with the id of each event whose whole decision {@link #stage} staged, just before the
   * commit (the feed may deliver the event to the service before the committing thread returns):
   * once the event is delivered, the commit happened, and the service may skip the event (it
   * would decide nothing). {@link #notCommitted} takes it back if the commit does not happen.
   */
  default void decidedInCommit(java.util.UUID eventId) {}

  /** The commit announced by {@link #decidedInCommit} did not happen (a conflict re-decides it, or it failed). */
  default void notCommitted(java.util.UUID eventId) {}

  /**
   * Stages {@code decide}'s events on {@code decider}'s stream when, on the state this process has
   * cached, it decides any. A decision of nothing is not staged: it is left to the service's own
   * delivery of the event, so it costs the commit no read of the stream to verify it.
   *
   * @return true when events were staged
   */
  static <S, E> boolean stageIfAny(MultiStreamDecider.Context tx, Decider<S, E> decider,
      Function<? super S, ? extends List<? extends E>> decide) {
    if (decider.withLoadMode(LoadMode.ANY_CACHED).query(decide).isEmpty()) {
      return false;
    }
    List<? extends E> events = decide.apply(tx.state(decider));
    if (events.isEmpty()) {
      return false;
    }
    tx.append(decider, events);
    return true;
  }
}
