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
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The scheduler on its own, driven by random deliveries, spans finished, slept and woken in random
 * order: each stream's inputs are handed out in order, never two spans of one stream at once;
 * tenants with ready streams are served in turn; a partition never reads past its read-ahead; and
 * a checkpoint only ever covers completed input.
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
    long position;

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
    }

    StreamScheduler.Span<RecordedEvent> take() {
      StreamScheduler.Span<RecordedEvent> span = scheduler.take();
      StreamName stream = span.items().getFirst().event.stream();
      assertThat(busy.add(stream)).as("a second span of %s while one runs", stream).isTrue();
      long expected = handedOut.getOrDefault(stream, 0L);
      for (Item<RecordedEvent> item : span.items()) {
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

    final Map<StreamScheduler.PartitionState, Set<Long>> positions = new HashMap<>();

    Set<Long> positionsOf(StreamScheduler.PartitionState ps) {
      return positions.getOrDefault(ps, Set.of());
    }
  }

  @Property(tries = 200)
  void streamsAreHandedOutInOrderOneSpanAtATimeWithinReadAhead(
      @ForAll @IntRange(min = 1, max = 30) int readAhead,
      @ForAll @IntRange(min = 1, max = 5) int maxSpan,
      @ForAll @IntRange(min = 1, max = 6) int streams,
      @ForAll @Size(min = 1, max = 200) List<@IntRange(min = 0, max = 9) Integer> steps,
      @ForAll long seed) {
    Run run = new Run(new Scheduling(8, readAhead, 10, maxSpan), seed);
    for (int step : steps) {
      switch (step) {
        case 0, 1, 2 -> run.deliver(TENANTS.get(step), 1 + run.random.nextInt(10), streams);
        case 3, 4, 5 -> {
          if (run.scheduler.hasReady()) {
            run.take();
          }
        }
        case 6, 7 -> {
          if (!run.running.isEmpty()) {
            run.endOne();
          }
        }
        default -> {
          if (!run.sleeping.isEmpty()) {
            run.wakeOne();
          }
        }
      }
      run.checkCheckpoints();
    }
    // drain: everything delivered is eventually handed out, in order
    while (!run.running.isEmpty() || !run.sleeping.isEmpty() || run.scheduler.hasReady()) {
      if (run.scheduler.hasReady()) {
        run.take();
      } else if (!run.running.isEmpty()) {
        StreamScheduler.Span<RecordedEvent> span = run.running.removeFirst();
        StreamName stream = span.items().getFirst().event.stream();
        run.handedOut.merge(stream, (long) span.items().size(), Long::sum);
        span.items().forEach(i -> run.completedPositions.add(i.event.position()));
        run.busy.remove(stream);
        run.scheduler.finish(span, span.items().size(), false);
      } else {
        run.wakeOne();
      }
    }
    run.checkCheckpoints();
    assertThat(run.handedOut).isEqualTo(run.nextVersion);
    for (StreamScheduler.PartitionState ps : run.partitions.values()) {
      assertThat(ps.tracker.outstanding()).isZero();
      assertThat(ps.tracker.checkpoint()).isEqualTo(run.positionsOf(ps).stream().mapToLong(Long::longValue).max().orElse(0));
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
