package io.solstice.commerce.shared;

import io.solstice.core.EventData;
import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import io.solstice.core.decider.Decider;
import io.solstice.core.decider.EventIds;
import io.solstice.core.decider.LoadMode;
import io.solstice.core.decider.MultiStreamDecider;
import io.solstice.core.decider.StreamState;
import io.solstice.pipeline.EffectContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fuses two reactions of one process into one commit: a reaction appends its events and, in the
 * same atomic {@code appendAll}, the events its {@link FollowOn} (a service of this process that
 * consumes them) decides for each of them. The confirmation path of an order (fraud → order →
 * payment → order → notification) thus takes three commits and feed hops instead of five.
 *
 * <h2>The same events as split services</h2>
 *
 * Each reaction keeps its own decide and its own idempotency. The first reaction's events get the
 * ids its decider would give them (chosen once per call, so the follow-on sees the ids that are
 * appended); the follow-on decides on the event as it will be recorded and with {@link
 * EffectContext#followOn its own context} for it, so its events carry the ids (derived from that
 * event's id) and the metadata (its service as producer, that event as causation) they would carry
 * had it received the event from the feed in another process. The follow-on service still
 * receives the event from the feed: it is told which events' decisions their commit holds ({@link
 * FollowOn#decidedInCommit}, before the commit, as the feed may deliver them at once; taken back if
 * the commit does not happen) and may skip them; otherwise its decision there finds the work done
 * and appends nothing.
 *
 * <h2>Failure</h2>
 *
 * A conflict on either stream re-decides both on fresh states ({@link MultiStreamDecider}). A
 * refusal by the first reaction propagates as it would alone. A follow-on that throws does not
 * fail the first reaction: its events are then committed alone (one line in the log), and the
 * follow-on service decides on them from the feed, retrying and parking as it always does.
 */
public final class FusedCommit {
  private static final Logger log = LoggerFactory.getLogger(FusedCommit.class);

  private FusedCommit() {}

  /**
   * Appends {@code decide}'s events on {@code decider}'s stream and, when {@code then} is present,
   * what it decides for them, in one commit; without {@code then}, a plain {@link Decider#transact}.
   */
  public static <S, E> void transact(Decider<S, E> decider, Function<? super S, ? extends List<? extends E>> decide, EffectContext ctx,
      Optional<FollowOn> then) {
    if (then.isEmpty()) {
      decider.transact(decide);
      return;
    }
    FollowOn followOn = then.get();
    Decider<S, E> first = decider.withEventIds(remembered(decider.eventIds()));
    List<UUID> decided = new ArrayList<>(); // of the current attempt: the events whose follow-on decision it holds
    try {
      MultiStreamDecider.on(decider.category().store()).withDecidersIdentity().withLoadMode(LoadMode.OPTIMISTIC)
          .withMaxAttempts(decider.category().maxAttempts())
          .transact(tx -> {
            notCommitted(followOn, decided); // deciding again: the previous attempt did not commit
            StreamState<S> state = tx.load(first);
            List<? extends E> events = decide.apply(state.state());
            if (events.isEmpty()) {
              return null;
            }
            tx.append(first, events);
            Instant now = Instant.now();
            for (int i = 0; i < events.size(); i++) {
              RecordedEvent recorded = asRecorded(first, events.get(i), i, state.version() + 1 + i, now);
              try {
                if (ctx.followOn(followOn.service(), recorded, itsCtx -> followOn.stage(recorded, itsCtx, tx))) {
                  decided.add(recorded.eventId());
                  followOn.decidedInCommit(recorded.eventId());
                }
              } catch (RuntimeException e) {
                throw new FollowOnFailed(e);
              }
            }
            return null;
          });
    } catch (FollowOnFailed failed) {
      notCommitted(followOn, decided);
      log.warn("{} could not decide in {}'s commit on {}; committing {}'s events alone, {} decides on them from the feed: {}",
          followOn.service(), ctx.service(), decider.stream(), ctx.service(), followOn.service(), failed.getCause().toString());
      decider.transact(decide);
    } catch (RuntimeException e) {
      notCommitted(followOn, decided);
      throw e;
    }
  }

  private static void notCommitted(FollowOn followOn, List<UUID> decided) {
    decided.forEach(followOn::notCommitted);
    decided.clear();
  }

  /**
   * {@code event} as it will be recorded as the {@code index}th event of this append, at {@code
   * version}. It is encoded here and again by the append (a few microseconds for an order's small
   * events): the follow-on decodes the stored form, exactly what it would receive from the feed.
   */
  private static <S, E> RecordedEvent asRecorded(Decider<S, E> decider, E event, int index, long version, Instant now) {
    UUID id = decider.eventIds().idFor(decider.stream(), index);
    EventData data = decider.category().codec().toEventData(event, id, decider.metadata());
    return new RecordedEvent(id, decider.stream(), version, 0, data.type(), data.data(), data.metadata(), now);
  }

  /** {@code ids}, each id chosen once and then repeated: the follow-on must see the ids the append writes. */
  private static EventIds remembered(EventIds ids) {
    Map<Slot, UUID> chosen = new ConcurrentHashMap<>();
    return (stream, index) -> chosen.computeIfAbsent(new Slot(stream, index), s -> ids.idFor(s.stream(), s.index()));
  }

  private record Slot(StreamName stream, int index) {}

  /** Carries a follow-on's exception out of the transaction, told apart from the first reaction's refusals. */
  private static final class FollowOnFailed extends RuntimeException {
    FollowOnFailed(RuntimeException cause) {
      super(cause);
    }
  }
}
