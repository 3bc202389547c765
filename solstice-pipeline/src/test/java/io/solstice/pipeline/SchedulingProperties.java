package io.solstice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.core.EventData;
import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import io.solstice.core.store.ExpectedVersion;
import io.solstice.testkit.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * For random interleavings of many streams and random scheduling limits, each stream's handler sees
 * its events in version order exactly once when nothing fails, and at least once (still in order
 * within each run) across a crash.
 */
class SchedulingProperties {

  private static final List<String> TENANTS = List.of("acme", "globex", "initech");

  /** What a handler observed: per stream, the versions in the order handled; and overlaps. */
  static final class Observed {
    final Map<StreamName, List<Long>> versions = new ConcurrentHashMap<>();
    final Map<StreamName, AtomicInteger> active = new ConcurrentHashMap<>();
    final AtomicInteger overlaps = new AtomicInteger();
    final AtomicInteger handled = new AtomicInteger();

    void handle(RecordedEvent e) {
      AtomicInteger a = active.computeIfAbsent(e.stream(), s -> new AtomicInteger());
      if (a.incrementAndGet() > 1) {
        overlaps.incrementAndGet();
      }
      if (e.version() % 3 == 0) {
        Thread.yield();
      }
      versions.computeIfAbsent(e.stream(), s -> Collections.synchronizedList(new ArrayList<>())).add(e.version());
      a.decrementAndGet();
      handled.incrementAndGet();
    }
  }

  private static Service<RecordedEvent, RecordedEvent> service(Observed observed, Scheduling scheduling) {
    return Service.named("recorder").consume("store:Item")
        .decode(e -> Optional.of(e))
        .handle(e -> {
          observed.handle(e);
          return e;
        })
        .interpret((out, ctx) -> {})
        .scheduling(scheduling)
        .build();
  }

  private static List<StreamName> appendInterleaved(Fixture f, List<Integer> interleaving, int streams) {
    List<StreamName> names = new ArrayList<>();
    for (int i = 0; i < streams; i++) {
      names.add(StreamName.of(TENANTS.get(i % TENANTS.size()), "Item", "s" + i));
    }
    for (int s : interleaving) {
      f.store.append(names.get(s % streams), ExpectedVersion.ANY,
          List.of(EventData.of("Touched", "{}".getBytes(StandardCharsets.UTF_8))));
    }
    // noise the service must skip: another category
    f.store.append(StreamName.of("acme", "Other", "x"), ExpectedVersion.ANY,
        List.of(EventData.of("Ignored", "{}".getBytes(StandardCharsets.UTF_8))));
    return names;
  }

  @Property(tries = 25)
  void eachStreamSeesItsEventsInOrderExactlyOnce(
      @ForAll @Size(min = 1, max = 300) List<@IntRange(min = 0, max = 40) Integer> interleaving,
      @ForAll @IntRange(min = 1, max = 25) int streams,
      @ForAll @IntRange(min = 1, max = 8) int maxConcurrent,
      @ForAll @IntRange(min = 1, max = 60) int readAhead,
      @ForAll @IntRange(min = 1, max = 40) int pageSize,
      @ForAll @IntRange(min = 1, max = 10) int maxSpan) {
    Fixture f = new Fixture(TENANTS.toArray(String[]::new));
    Observed observed = new Observed();
    Scheduling scheduling = new Scheduling(maxConcurrent, readAhead, pageSize, maxSpan);
    ServiceHost host = f.host().service(service(observed, scheduling)).build();
    host.start();
    List<StreamName> names = appendInterleaved(f, interleaving, streams);
    Await.until("every event handled", () -> observed.handled.get() >= interleaving.size(), () -> observed.versions.toString());
    host.stop(Duration.ofSeconds(10));

    assertThat(observed.overlaps.get()).as("handlers in flight at once on one stream").isZero();
    for (StreamName name : names) {
      long expected = f.store.version(name) + 1;
      List<Long> seen = observed.versions.getOrDefault(name, List.of());
      assertThat(seen).as("versions handled for %s", name).containsExactlyElementsOf(range(0, expected));
    }
    assertThat(observed.handled.get()).isEqualTo(interleaving.size());
  }

  @Property(tries = 15)
  void acrossACrashEachStreamSeesEveryEventAtLeastOnceAndResumesInOrder(
      @ForAll @Size(min = 20, max = 300) List<@IntRange(min = 0, max = 40) Integer> interleaving,
      @ForAll @IntRange(min = 1, max = 25) int streams,
      @ForAll @IntRange(min = 1, max = 8) int maxConcurrent,
      @ForAll @IntRange(min = 1, max = 40) int pageSize,
      @ForAll @IntRange(min = 0, max = 100) int crashAtPercent) {
    Fixture f = new Fixture(TENANTS.toArray(String[]::new));
    Scheduling scheduling = new Scheduling(maxConcurrent, 50, pageSize, 5);
    List<StreamName> names = appendInterleaved(f, interleaving, streams);

    Observed first = new Observed();
    ServiceHost crashing = f.host().service(service(first, scheduling)).build();
    crashing.start();
    int crashAfter = interleaving.size() * crashAtPercent / 100;
    Await.until("some events handled", () -> first.handled.get() >= crashAfter);
    crashing.abort();

    Observed second = new Observed();
    ServiceHost restarted = f.host().service(service(second, scheduling)).build();
    restarted.start();
    Await.until("every event handled after the restart", () -> {
      for (StreamName name : names) {
        List<Long> seen = second.versions.get(name);
        long last = f.store.version(name);
        if (last < 0) {
          continue; // the interleaving never touched this stream
        }
        boolean doneBefore = first.versions.getOrDefault(name, List.of()).contains(last);
        if (!doneBefore && (seen == null || !seen.contains(last))) {
          return false;
        }
      }
      return true;
    }, () -> "checkpoints " + restarted.runner("recorder").checkpoints() + ", stored " + f.checkpoints.list(null)
        + ", first " + first.versions + ", second " + second.versions + ", store versions "
        + names.stream().map(n -> n + "=" + f.store.version(n)).toList());
    restarted.stop(Duration.ofSeconds(10));

    for (StreamName name : names) {
      long count = f.store.version(name) + 1;
      List<Long> before = List.copyOf(first.versions.getOrDefault(name, List.of()));
      List<Long> after = List.copyOf(second.versions.getOrDefault(name, List.of()));
      // each run sees a contiguous, ordered run of versions; the restart resumes at or before where the crash stopped
      assertThat(before).as("first run of %s", name).containsExactlyElementsOf(range(0, before.size()));
      if (!after.isEmpty()) {
        long from = after.getFirst();
        assertThat(after).as("second run of %s", name).containsExactlyElementsOf(range(from, from + after.size()));
        assertThat(from).as("second run of %s resumes without a gap", name).isLessThanOrEqualTo(before.size());
      }
      java.util.Set<Long> all = new java.util.HashSet<>(before);
      all.addAll(after);
      assertThat(all).as("versions of %s handled at least once", name).containsExactlyInAnyOrderElementsOf(range(0, count));
    }
    assertThat(first.overlaps.get() + second.overlaps.get()).isZero();
  }

  private static List<Long> range(long from, long to) {
    List<Long> r = new ArrayList<>();
    for (long v = from; v < to; v++) {
      r.add(v);
    }
    return r;
  }
}
