package io.solstice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.core.EventMetadata;
import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The scheduler on its own, driven by random deliveries, spans finished, slept and woken in random
 * order: each stream's inputs are handed out in order, never two spans of one stream at once;
 * tenants with ready streams are served in turn; a partition never reads past its read-ahead; a
 * checkpoint only ever covers completed input; its figures (room, in flight, pending, peak
 * read-ahead) agree with a model's counts; and a released partition's waiting inputs are dropped
 * while the other partitions go on.
 */
class StreamSchedulerProperties {

  private static final List<String> TENANTS = List.of("acme", "beta", "gamma");

  private static RecordedEvent event(StreamName stream, long version, long position) {
    return new RecordedEvent(UUID.randomUUID(), stream, version, position, "Touched", new byte[0], EventMetadata.EMPTY, Instant.EPOCH);
  }

  /** A random run: deliveries into the scheduler while spans are taken and ended. */
  private static final class Run {
    final StreamScheduler<RecordedEvent> scheduler;
    final Scheduling limits;
    final Random random;
    final Map<StreamName, Long> nextVersion = new HashMap<>();
    final Map<StreamName, Long> handedOut = new HashMap<>();
    final Set<StreamName> busy = new HashSet<>();
    final List<StreamScheduler.Span<RecordedEvent>> running = new ArrayList<>();
    final List<StreamScheduler.Span<RecordedEvent>> sleeping = new ArrayList<>();
    final Map<String, StreamScheduler.PartitionState> partitions = new LinkedHashMap<>();
    final Set<Long> completedPositions = new HashSet<>();
    final Set<String> released = new HashSet<>();
    long position;
    long peakOutstanding;

    Run(Scheduling limits, long seed) {
      this.limits = limits;
      this.random = new Random(seed);
      this.scheduler = new StreamScheduler<>(limits, item -> item.event.stream());
      for (String t : TENANTS) {
        partitions.put(t, scheduler.partition(new SourcePartition(t, "store:Item"), 0, this));
      }
    }

    /** Delivers up to what the partition's read-ahead allows, to random streams of one tenant. */
    void deliver(String tenant, int wanted, int streams) {
      deliver(tenant, wanted, () -> "s" + random.nextInt(streams));
    }

    void deliver(String tenant, int wanted, java.util.function.Supplier<String> streamIds) {
      if (released.contains(tenant)) {
        return; // its partition went to another instance: nothing more is read of it here
      }
      StreamScheduler.PartitionState ps = partitions.get(tenant);
      int n = Math.min(wanted, scheduler.room(ps.partition));
      if (n <= 0) {
        return;
      }
      Set<Long> delivered = positions.computeIfAbsent(ps, k -> new HashSet<>());
      List<Item<RecordedEvent>> items = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        StreamName s = StreamName.of(tenant, "Item", streamIds.get());
        delivered.add(position + 1);
        long v = nextVersion.merge(s, 1L, Long::sum) - 1;
        items.add(Item.of(event(s, v, ++position), event(s, v, position), ps));
      }
      scheduler.ingest(ps, items, position, 0);
      assertThat(ps.tracker.outstanding()).as("read-ahead of %s", tenant).isLessThanOrEqualTo(limits.maxReadAhead());
      peakOutstanding = Math.max(peakOutstanding, outstanding(ps));
    }

    /** One random step: a delivery, a take, a span ended or a sleeping stream woken. */
    void step(int step, int streams) {
      switch (step) {
        case 0, 1, 2 -> deliver(TENANTS.get(step), 1 + random.nextInt(10), streams);
        case 3, 4, 5 -> {
          if (scheduler.hasReady()) {
            take();
          }
        }
        case 6, 7 -> {
          if (!running.isEmpty()) {
            endOne();
          }
        }
        default -> {
          if (!sleeping.isEmpty()) {
            wakeOne();
          }
        }
      }
    }

    /** Inputs of {@code ps} read and not completed, by this model's count. */
    long outstanding(StreamScheduler.PartitionState ps) {
      return positionsOf(ps).stream().filter(p -> !completedPositions.contains(p)).count();
    }

    /** Inputs of {@code ps} in spans that have not ended, by this model's count. */
    long inFlight(StreamScheduler.PartitionState ps) {
      return running.stream().flatMap(s -> s.items().stream()).filter(i -> i.partition == ps).count();
    }

    /** The scheduler's own figures (room, in flight, pending, peak) agree with this model's counts. */
    void checkFigures() {
      boolean anyRoom = false;
      for (String t : TENANTS) {
        StreamScheduler.PartitionState ps = partitions.get(t);
        long outstanding = outstanding(ps);
        long inFlight = inFlight(ps);
        assertThat(scheduler.room(ps.partition)).as("room of %s", t).isEqualTo((int) Math.max(0, limits.maxReadAhead() - outstanding));
        assertThat(scheduler.inFlight(List.of(ps.partition))).as("in flight of %s", t).isEqualTo((int) inFlight);
        assertThat(scheduler.laneOf(t).inflight).as("lane in flight of %s", t).isEqualTo(inFlight);
        assertThat(scheduler.laneOf(t).pending).as("lane pending of %s", t).isEqualTo(outstanding - inFlight);
        anyRoom |= outstanding < limits.maxReadAhead();
      }
      assertThat(scheduler.anyRoom()).as("some partition has room").isEqualTo(anyRoom);
      assertThat(scheduler.peakReadAhead()).as("peak read-ahead").isEqualTo(peakOutstanding);
    }

    StreamScheduler.Span<RecordedEvent> take() {
      StreamScheduler.Span<RecordedEvent> span = scheduler.take();
      StreamName stream = span.items().getFirst().event.stream();
      assertThat(busy.add(stream)).as("a second span of %s while one runs", stream).isTrue();
      long expected = handedOut.getOrDefault(stream, 0L);
      for (Item<RecordedEvent> item : span.items()) {
        assertThat(item.partition.removed).as("an input of released %s handed out", item.partition.partition).isFalse();
        assertThat(item.event.stream()).isEqualTo(stream);
        assertThat(item.event.version()).as("order of %s", stream).isEqualTo(expected++);
      }
      assertThat(span.items().size()).isLessThanOrEqualTo(limits.maxSpan());
      running.add(span);
      return span;
    }

    /** Ends a random running span: completes a random prefix, and sleeps or requeues the rest. */
    void endOne() {
      StreamScheduler.Span<RecordedEvent> span = running.remove(random.nextInt(running.size()));
      int done = random.nextInt(span.items().size() + 1);
      StreamName stream = span.items().getFirst().event.stream();
      handedOut.merge(stream, (long) done, Long::sum);
      for (int i = 0; i < done; i++) {
        completedPositions.add(span.items().get(i).event.position());
      }
      busy.remove(stream);
      if (done < span.items().size() && random.nextBoolean()) {
        scheduler.sleep(span, done);
        sleeping.add(span);
      } else {
        scheduler.finish(span, done, false);
      }
    }

    /** The tenant's partition goes to another instance (a bus rebalance): the scheduler forgets it. */
    void release(String tenant) {
      released.add(tenant);
      scheduler.remove(List.of(partitions.get(tenant).partition));
    }

    /** Takes, ends (completely) and wakes until nothing is left to hand out. */
    void drain() {
      while (!running.isEmpty() || !sleeping.isEmpty() || scheduler.hasReady()) {
        if (scheduler.hasReady()) {
          take();
        } else if (!running.isEmpty()) {
          StreamScheduler.Span<RecordedEvent> span = running.removeFirst();
          StreamName stream = span.items().getFirst().event.stream();
          handedOut.merge(stream, (long) span.items().size(), Long::sum);
          span.items().forEach(i -> completedPositions.add(i.event.position()));
          busy.remove(stream);
          scheduler.finish(span, span.items().size(), false);
        } else {
          wakeOne();
        }
      }
    }

    void wakeOne() {
      scheduler.wake(sleeping.remove(random.nextInt(sleeping.size())).key());
    }

    void checkCheckpoints() {
      for (StreamScheduler.PartitionState ps : partitions.values()) {
        long cp = ps.tracker.checkpoint();
        for (long p = 1; p <= cp; p++) {
          // every position of this tenant up to its checkpoint was completed
          if (positionsOf(ps).contains(p)) {
            assertThat(completedPositions).as("checkpoint %s of %s covers an unfinished input", cp, ps.partition).contains(p);
          }
        }
      }
    }

    /** After a drain: nothing of the tenant's partition is outstanding and its checkpoint is its last position. */
    void checkDrained(String tenant) {
      StreamScheduler.PartitionState ps = partitions.get(tenant);
      assertThat(ps.tracker.outstanding()).as("outstanding of %s", tenant).isZero();
      assertThat(ps.tracker.checkpoint()).as("checkpoint of %s", tenant)
          .isEqualTo(positionsOf(ps).stream().mapToLong(Long::longValue).max().orElse(0));
    }

    final Map<StreamScheduler.PartitionState, Set<Long>> positions = new HashMap<>();

    Set<Long> positionsOf(StreamScheduler.PartitionState ps) {
      return positions.getOrDefault(ps, Set.of());
    }
  }

  /** The limits, the number of streams per tenant and the random steps of one run. */
  record Scenario(int readAhead, int maxSpan, int streams, List<Integer> steps, long seed) {
    Run run() {
      return new Run(new Scheduling(8, readAhead, 10, maxSpan), seed);
    }
  }

  @Provide
  Arbitrary<Scenario> scenarios() {
    return Combinators.combine(Arbitraries.integers().between(1, 30), Arbitraries.integers().between(1, 5),
        Arbitraries.integers().between(1, 6), Arbitraries.integers().between(0, 9).list().ofMinSize(1).ofMaxSize(200),
        Arbitraries.longs()).as(Scenario::new);
  }

  @Property(tries = 200)
  void streamsAreHandedOutInOrderOneSpanAtATimeWithinReadAhead(@ForAll("scenarios") Scenario scenario) {
    Run run = scenario.run();
    for (int step : scenario.steps()) {
      run.step(step, scenario.streams());
      run.checkCheckpoints();
    }
    // drain: everything delivered is eventually handed out, in order
    run.drain();
    run.checkCheckpoints();
    assertThat(run.handedOut).isEqualTo(run.nextVersion);
    for (String tenant : TENANTS) {
      run.checkDrained(tenant);
    }
  }

  @Property(tries = 200)
  void itsFiguresAgreeWithWhatWasReadHandedOutAndCompleted(@ForAll("scenarios") Scenario scenario) {
    Run run = scenario.run();
    run.checkFigures();
    for (int step : scenario.steps()) {
      run.step(step, scenario.streams());
      run.checkFigures();
    }
  }

  @Property(tries = 200)
  void aReleasedPartitionsWaitingInputsAreDroppedAndTheRestGoOn(@ForAll("scenarios") Scenario scenario,
      @ForAll @IntRange(min = 0, max = 199) int releaseAt,
      @ForAll @IntRange(min = 0, max = 2) int releasedTenant) {
    Run run = scenario.run();
    String tenant = TENANTS.get(releasedTenant);
    StreamScheduler.PartitionState partition = run.partitions.get(tenant);
    for (int i = 0; i < scenario.steps().size(); i++) {
      if (i == releaseAt) {
        run.release(tenant);
      }
      run.step(scenario.steps().get(i), scenario.streams());
    }
    if (run.released.isEmpty()) {
      run.release(tenant);
    }
    run.drain(); // take() fails on any input of the released partition handed out after its release

    assertThat(run.scheduler.existing(partition.partition)).isNull();
    assertThat(run.scheduler.laneOf(tenant).pending).as("inputs of %s still waiting", tenant).isZero();
    assertThat(run.scheduler.laneOf(tenant).inflight).as("inputs of %s in flight", tenant).isZero();
    for (String other : TENANTS) {
      if (!other.equals(tenant)) {
        run.checkDrained(other);
      }
    }
  }

  @Property(tries = 100)
  void tenantsWithReadyStreamsAreServedInTurn(@ForAll @IntRange(min = 1, max = 50) int acmeStreams,
      @ForAll @IntRange(min = 1, max = 50) int betaStreams) {
    Run run = new Run(new Scheduling(8, 1_000, 10, 1), 1);
    int[] id = {0};
    run.deliver("acme", acmeStreams, () -> "a" + id[0]++);
    run.deliver("beta", betaStreams, () -> "b" + id[0]++);
    List<String> order = new ArrayList<>();
    while (run.scheduler.hasReady()) {
      order.add(run.take().key().lane.tenant);
    }
    // while both have ready streams, they alternate
    int both = 2 * Math.min(acmeStreams, betaStreams);
    for (int i = 1; i < both; i++) {
      assertThat(order.get(i)).as("dispatch %s of %s", i, order).isNotEqualTo(order.get(i - 1));
    }
  }
}
