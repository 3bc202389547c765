package io.solstice.commerce.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solstice.commerce.Categories;
import io.solstice.commerce.fraud.FraudCheck;
import io.solstice.commerce.order.FraudVerdict;
import io.solstice.commerce.order.Order;
import io.solstice.core.EventMetadata;
import io.solstice.core.RecordedEvent;
import io.solstice.core.decider.MultiStreamDecider;
import io.solstice.core.memory.MemoryStore;
import io.solstice.core.store.TenantPlacement;
import io.solstice.pipeline.EffectContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How {@link FusedCommit} commits a reaction's events with its follow-on's, and what it does when either refuses. */
class FusedCommitTest {
  private final MemoryStore store = new MemoryStore();
  private final Categories c = Categories.on(store);
  private final EffectContext ctx = EffectContext.forTest("fraud", new RecordedEvent(UUID.randomUUID(), Order.stream("acme", "o-1"), 0, 1,
      "Placed", "{}".getBytes(), EventMetadata.EMPTY, Instant.now()));
  private final FraudCheck.Scored scored = new FraudCheck.Scored("o-1", FraudVerdict.ACCEPT, 5, "no risk signals", "embedded");

  @BeforeEach
  void provision() {
    store.tenants().register("acme", TenantPlacement.POOLED_STORE);
  }

  private final List<UUID> committed = new java.util.concurrent.CopyOnWriteArrayList<>();

  private Optional<FollowOn> followOn(FollowOnStage stage) {
    return Optional.of(new FollowOn() {
      @Override
      public void decidedInCommit(UUID eventId) {
        committed.add(eventId);
      }

      @Override
      public void notCommitted(UUID eventId) {
        committed.remove(eventId);
      }

      @Override
      public String service() {
        return "order";
      }

      @Override
      public boolean stage(RecordedEvent event, EffectContext next, MultiStreamDecider.Context tx) {
        stage.stage(event, next, tx);
        return true;
      }
    });
  }

  private interface FollowOnStage {
    void stage(RecordedEvent event, EffectContext next, MultiStreamDecider.Context tx);
  }

  @Test
  void theFollowOnSeesTheEventAsItIsThenRecordedWithItsOwnContext() {
    AtomicReference<RecordedEvent> seen = new AtomicReference<>();
    AtomicReference<EffectContext> seenContext = new AtomicReference<>();

    FusedCommit.transact(c.fraudChecks().decider("acme", "o-1"), s -> FraudCheck.record(s, scored), ctx, followOn((event, next, tx) -> {
      seen.set(event);
      seenContext.set(next);
    }));

    RecordedEvent recorded = store.read(FraudCheck.stream("acme", "o-1"), 0, 10).getFirst();
    assertThat(seen.get().eventId()).isEqualTo(recorded.eventId());
    assertThat(seen.get().version()).isEqualTo(recorded.version());
    assertThat(seen.get().data()).isEqualTo(recorded.data());
    assertThat(seenContext.get().service()).isEqualTo("order");
    assertThat(seenContext.get().metadata().causationId()).isEqualTo(recorded.eventId().toString());
  }

  @Test
  void theFollowOnKeepsTheEventsItDecidedInACommitThatHappened() {
    FusedCommit.transact(c.fraudChecks().decider("acme", "o-1"), s -> FraudCheck.record(s, scored), ctx,
        followOn((event, next, tx) -> tx.append(c.orders().decider("acme", "o-1"), List.of(new Order.FraudAccepted(5)))));

    assertThat(committed).containsExactly(store.read(FraudCheck.stream("acme", "o-1"), 0, 10).getFirst().eventId());
  }

  @Test
  void aFollowOnThatThrowsLeavesTheReactionsEventsCommittedAlone() {
    FusedCommit.transact(c.fraudChecks().decider("acme", "o-1"), s -> FraudCheck.record(s, scored), ctx, followOn((event, next, tx) -> {
      tx.append(c.orders().decider("acme", "o-1"), List.of(new Order.FraudAccepted(5)));
      throw new IllegalStateException("the order's decision refused");
    }));

    assertThat(store.read(FraudCheck.stream("acme", "o-1"), 0, 10)).extracting(RecordedEvent::type).containsExactly("Scored");
    assertThat(store.read(Order.stream("acme", "o-1"), 0, 10)).isEmpty();
    assertThat(committed).isEmpty();
  }

  @Test
  void aRefusalOfTheReactionItselfWritesNothingAndPropagates() {
    assertThatThrownBy(() -> FusedCommit.transact(c.fraudChecks().decider("acme", "o-1"), s -> {
      throw new RuleViolationException("refused", "no");
    }, ctx, followOn((event, next, tx) -> tx.append(c.orders().decider("acme", "o-1"), List.of(new Order.FraudAccepted(5))))))
        .isInstanceOf(RuleViolationException.class);

    assertThat(store.read(FraudCheck.stream("acme", "o-1"), 0, 10)).isEmpty();
    assertThat(store.read(Order.stream("acme", "o-1"), 0, 10)).isEmpty();
  }
}
