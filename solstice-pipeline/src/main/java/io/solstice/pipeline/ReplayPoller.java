package io.solstice.pipeline;

import io.solstice.core.RecordedEvent;
import io.solstice.core.store.DeadLetter;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks up the dead letters of one service that an operator asked to replay ({@code solstice dlq
 * replay}, which marks them {@code REPLAY_REQUESTED} in the database, with or without a running
 * server) and queues each on its stream like any other input.
 *
 * <h2>Algorithm</h2>
 *
 * Every {@code interval} (waiting with the host's {@link Sleeper}) it lists the service's letters
 * marked for replay. A letter already queued by this poller is skipped until the runner {@link
 * #forget}s it (handled, parked again, or dropped on stop), so a slow replay is never queued twice.
 * For each new one it reads the event back by stream and version and checks the event id: a letter
 * naming an event the store does not hold goes back to {@code PARKED} with a warning; an event the
 * decoder now skips is resolved at once; anything else becomes an input marked as a replay, which
 * the service resolves when handled or parks again when it fails.
 */
final class ReplayPoller<I> {
  private static final Logger log = LoggerFactory.getLogger(ReplayPoller.class);

  private final String service;
  private final HostSettings host;
  private final Sleeper sleeper;
  private final Duration interval;
  private final Function<RecordedEvent, Item<I>> decode;
  private final Predicate<Item<I>> enqueue;
  private final Set<Long> queued = ConcurrentHashMap.newKeySet();

  /**
   * @param decode decodes an event into an input, or null when the decoder skips it
   * @param enqueue queues a replay input; false if the service is stopping
   */
  ReplayPoller(String service, HostSettings host, Function<RecordedEvent, Item<I>> decode, Predicate<Item<I>> enqueue) {
    this.service = service;
    this.host = host;
    this.sleeper = host.sleeper();
    this.interval = host.replayPollInterval();
    this.decode = decode;
    this.enqueue = enqueue;
  }

  /** Polls every {@code interval} while {@code running} holds; a failed poll is logged and retried. */
  void loop(BooleanSupplier running) throws InterruptedException {
    while (running.getAsBoolean()) {
      try {
        poll();
      } catch (RuntimeException e) {
        log.warn("service {}: looking for requested replays failed; will retry: {}", service, e.toString());
      }
      sleeper.sleep(interval);
    }
  }

  /** One round: queues every letter marked for replay that is not queued yet. */
  void poll() {
    List<DeadLetter> letters = host.deadLetters().list(service, DeadLetter.Status.REPLAY_REQUESTED, 1_000);
    for (DeadLetter letter : letters) {
      if (!queued.add(letter.id())) {
        continue;
      }
      List<RecordedEvent> found = host.store().read(letter.stream(), letter.version(), 1);
      if (found.isEmpty() || !found.getFirst().eventId().equals(letter.eventId())) {
        log.warn("service {}: dead letter {} names {} version {} (event {}), which the store does not hold; leaving it parked",
            service, letter.id(), letter.stream(), letter.version(), letter.eventId());
        host.deadLetters().updateStatus(letter.id(), DeadLetter.Status.PARKED);
        queued.remove(letter.id());
        continue;
      }
      RecordedEvent event = found.getFirst();
      Item<I> decoded = decode.apply(event);
      if (decoded == null) {
        log.info("service {}: dead letter {} ({}) is no longer this service's input (decoder skips it); resolved", service, letter.id(), event);
        host.deadLetters().updateStatus(letter.id(), DeadLetter.Status.RESOLVED);
        queued.remove(letter.id());
        continue;
      }
      if (!enqueue.test(Item.replay(decoded, letter))) {
        queued.remove(letter.id());
        return;
      }
      log.info("service {}: replaying dead letter {} ({})", service, letter.id(), event);
    }
  }

  /** The runner is done with the replay of {@code letterId} (handled, parked again or dropped). */
  void forget(long letterId) {
    queued.remove(letterId);
  }
}
