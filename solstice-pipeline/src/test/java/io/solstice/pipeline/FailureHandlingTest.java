package io.solstice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import io.solstice.core.store.DeadLetter;
import io.solstice.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retries, dead letters, halted and stuck streams, and replays. */
class FailureHandlingTest {

  private final Fixture f = new Fixture("acme");
  private final Map<StreamName, List<Long>> handled = new ConcurrentHashMap<>();
  private final AtomicBoolean poisonFails = new AtomicBoolean(true);
  private final StreamName poisoned = StreamName.of("acme", "Order", "s2");
  private ServiceHost host;

  @AfterEach
  void stop() {
    if (host != null) {
      host.stop(Duration.ofSeconds(10));
    }
  }

  private final AtomicBoolean poisonIsPermanent = new AtomicBoolean(false);

  private Service<RecordedEvent, RecordedEvent> service(RetryPolicy retry) {
    return Service.named("orders").consume("store:Order")
        .decode(e -> Optional.of(e))
        .handle(e -> {
          if (poisonFails.get() && e.stream().equals(poisoned) && e.version() == 3) {
            IllegalStateException cause = new IllegalStateException("cannot handle " + e);
            throw poisonIsPermanent.get() ? new PermanentFailureException("refused for good", cause) : cause;
          }
          handled.computeIfAbsent(e.stream(), s -> Collections.synchronizedList(new ArrayList<>())).add(e.version());
          return e;
        })
        .interpret((out, ctx) -> {})
        .retry(retry)
        .scheduling(Scheduling.defaults().withMaxConcurrentStreams(4))
        .build();
  }

  private List<StreamName> appendTenEventsToFiveStreams() {
    List<StreamName> streams = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      streams.add(StreamName.of("acme", "Order", "s" + i));
    }
    for (int round = 0; round < 10; round++) {
      f.appendEach(streams, "Touched");
    }
    return streams;
  }

  private int handledCount(StreamName s) {
    return handled.getOrDefault(s, List.of()).size();
  }

  @Test
  void aPoisonEventIsParkedAfterMaxAttemptsWhileOtherStreamsAndItsOwnStreamGoOn() {
    host = f.host().service(service(RetryPolicy.defaults().withMaxAttempts(3))).build();
    host.start();
    List<StreamName> streams = appendTenEventsToFiveStreams();

    Await.until("every other event handled", () -> streams.stream().mapToInt(this::handledCount).sum() == 49);
    Await.until("the poison event parked", () -> !f.deadLetters.list("orders", null, 10).isEmpty());

    DeadLetter letter = f.deadLetters.list("orders", null, 10).getFirst();
    assertThat(letter.stream()).isEqualTo(poisoned);
    assertThat(letter.version()).isEqualTo(3);
    assertThat(letter.attempts()).isEqualTo(3);
    assertThat(letter.status()).isEqualTo(DeadLetter.Status.PARKED);
    assertThat(letter.error()).contains("IllegalStateException").contains("cannot handle");
    assertThat(handled.get(poisoned)).containsExactly(0L, 1L, 2L, 4L, 5L, 6L, 7L, 8L, 9L);
    for (StreamName s : streams) {
      if (!s.equals(poisoned)) {
        assertThat(handled.get(s)).hasSize(10);
      }
    }
    assertThat(f.counter("failed", "orders", "acme")).isEqualTo(3);
    assertThat(f.counter("parked", "orders", "acme")).isEqualTo(1);
    assertThat(f.counter("handled", "orders", "acme")).isEqualTo(49);
    Await.until("the checkpoint covers everything", () -> host.runner("orders").checkpoints().values().stream()
        .allMatch(cp -> cp == f.store.headPosition()));
  }

  @Test
  void aHaltedStreamStopsAtItsPoisonEventIsReportedStuckAndResumesWhenTheCauseIsFixed() {
    RetryPolicy halt = RetryPolicy.defaults().withMaxAttempts(3).whenExhausted(RetryPolicy.Exhausted.HALT_STREAM)
        .withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(10)).withStuckAfter(Duration.ofMinutes(1));
    host = f.host().service(service(halt)).build();
    host.start();
    List<StreamName> streams = appendTenEventsToFiveStreams();

    Await.until("the other streams handled", () -> streams.stream().filter(s -> !s.equals(poisoned)).mapToInt(this::handledCount).sum() == 40);
    Await.until("the halted stream reported stuck", () -> gauge("stuck") == 1.0);
    assertThat(handled.get(poisoned)).containsExactly(0L, 1L, 2L);
    assertThat(f.deadLetters.list(null, null, 10)).isEmpty();
    long poisonPosition = f.store.read(poisoned, 3, 1).getFirst().position();
    assertThat(host.runner("orders").checkpoints().values()).allMatch(cp -> cp < poisonPosition);

    poisonFails.set(false);
    Await.until("the halted stream resumed", () -> handledCount(poisoned) == 10);
    assertThat(handled.get(poisoned)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    Await.until("the stuck gauge cleared", () -> gauge("stuck") == 0.0);
  }

  @Test
  void aPermanentFailureIsParkedAtOnceEvenOnAStreamThatWouldHalt() {
    poisonIsPermanent.set(true);
    RetryPolicy halt = RetryPolicy.defaults().withMaxAttempts(5).whenExhausted(RetryPolicy.Exhausted.HALT_STREAM);
    host = f.host().service(service(halt)).build();
    host.start();
    List<StreamName> streams = appendTenEventsToFiveStreams();

    Await.until("every other event handled", () -> streams.stream().mapToInt(this::handledCount).sum() == 49);
    DeadLetter letter = f.deadLetters.list("orders", null, 10).getFirst();
    assertThat(letter.attempts()).isEqualTo(1);
    assertThat(letter.error()).contains("PermanentFailureException", "refused for good");
    assertThat(f.counter("failed", "orders", "acme")).isEqualTo(1);
  }

  @Test
  void aHaltedStreamHoldsNoSlotThatOtherStreamsNeed() {
    RetryPolicy halt = RetryPolicy.defaults().withMaxAttempts(2).whenExhausted(RetryPolicy.Exhausted.HALT_STREAM)
        .withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(10));
    Service<RecordedEvent, RecordedEvent> oneSlot = Service.named("orders").consume("store:Order")
        .decode(e -> Optional.of(e))
        .handle(e -> {
          if (poisonFails.get() && e.stream().equals(poisoned) && e.version() == 3) {
            throw new IllegalStateException("cannot handle " + e);
          }
          handled.computeIfAbsent(e.stream(), s -> Collections.synchronizedList(new ArrayList<>())).add(e.version());
          return e;
        })
        .interpret((out, ctx) -> {})
        .retry(halt)
        .scheduling(Scheduling.defaults().withMaxConcurrentStreams(1))
        .build();
    host = f.host().service(oneSlot).build();
    host.start();
    List<StreamName> streams = appendTenEventsToFiveStreams();

    Await.until("the other streams handled on the one slot", () -> streams.stream().filter(s -> !s.equals(poisoned))
        .mapToInt(this::handledCount).sum() == 40);
    assertThat(handled.get(poisoned)).containsExactly(0L, 1L, 2L);
  }

  @Test
  void aDeadLetterMarkedForReplayIsHandledAgainAndResolved() {
    host = f.host().service(service(RetryPolicy.defaults().withMaxAttempts(2))).build();
    host.start();
    appendTenEventsToFiveStreams();
    Await.until("the poison event parked", () -> !f.deadLetters.list("orders", DeadLetter.Status.PARKED, 10).isEmpty());
    long id = f.deadLetters.list("orders", null, 10).getFirst().id();

    poisonFails.set(false);
    f.deadLetters.updateStatus(id, DeadLetter.Status.REPLAY_REQUESTED);

    Await.until("the replayed letter resolved", () -> f.deadLetters.find(id).orElseThrow().status() == DeadLetter.Status.RESOLVED);
    assertThat(handled.get(poisoned)).contains(3L);
  }

  @Test
  void aReplayRequestedWhileNoServiceRunsIsHandledWhenTheServiceNextStarts() {
    host = f.host().service(service(RetryPolicy.defaults().withMaxAttempts(2))).build();
    host.start();
    List<StreamName> streams = appendTenEventsToFiveStreams();
    Await.until("the poison event parked", () -> !f.deadLetters.list("orders", DeadLetter.Status.PARKED, 10).isEmpty());
    // Stop only once every other event is handled, so the restart redelivers nothing but the replay.
    Await.until("every other event handled", () -> streams.stream().mapToInt(this::handledCount).sum() == 49);
    host.stop(Duration.ofSeconds(10));
    long id = f.deadLetters.list("orders", null, 10).getFirst().id();

    f.deadLetters.updateStatus(id, DeadLetter.Status.REPLAY_REQUESTED); // what 'solstice dlq replay' does
    poisonFails.set(false);
    handled.clear();
    host = f.host().service(service(RetryPolicy.defaults().withMaxAttempts(2))).build();
    host.start();

    Await.until("the replayed letter resolved", () -> f.deadLetters.find(id).orElseThrow().status() == DeadLetter.Status.RESOLVED);
    assertThat(handled.get(poisoned)).containsExactly(3L);
  }

  @Test
  void aReplayThatFailsAgainIsParkedAgain() {
    host = f.host().service(service(RetryPolicy.defaults().withMaxAttempts(2))).build();
    host.start();
    appendTenEventsToFiveStreams();
    Await.until("the poison event parked", () -> !f.deadLetters.list("orders", DeadLetter.Status.PARKED, 10).isEmpty());
    long id = f.deadLetters.list("orders", null, 10).getFirst().id();

    f.deadLetters.updateStatus(id, DeadLetter.Status.REPLAY_REQUESTED);

    Await.until("the replay attempted and parked again", () -> f.counter("parked", "orders", "acme") == 2);
    assertThat(f.deadLetters.find(id).orElseThrow().status()).isEqualTo(DeadLetter.Status.PARKED);
    assertThat(f.deadLetters.list(null, null, 10)).hasSize(1);
  }

  private double gauge(String name) {
    var g = f.registry.find("solstice.service." + name).tag("service", "orders").tag("tenant", "acme").gauge();
    return g == null ? -1 : g.value();
  }
}
