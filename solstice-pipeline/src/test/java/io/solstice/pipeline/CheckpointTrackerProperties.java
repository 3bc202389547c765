package io.solstice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The checkpoint covers exactly the longest contiguously completed prefix of delivered input. */
class CheckpointTrackerProperties {

  @Property(tries = 300)
  void checkpointIsTheEndOfTheLongestCompletedPrefix(
      @ForAll @Size(min = 1, max = 30) List<@IntRange(min = 0, max = 8) Integer> pageSizes,
      @ForAll @IntRange(min = 1, max = 5) int offsetGap,
      @ForAll long seed) {
    CheckpointTracker tracker = new CheckpointTracker(100);
    Random random = new Random(seed);
    // Each event gets an offset; gaps between offsets model a filtered feed.
    List<long[]> events = new ArrayList<>(); // {offset, pageIndex}
    List<CheckpointTracker.Page> pages = new ArrayList<>();
    List<Long> pageEnds = new ArrayList<>();
    long offset = 100;
    for (int p = 0; p < pageSizes.size(); p++) {
      int size = pageSizes.get(p);
      int skipped = random.nextInt(3); // events the decoder skipped: complete at once, not counted
      for (int i = 0; i < size; i++) {
        offset += offsetGap;
        events.add(new long[] {offset, p});
      }
      offset += (long) skipped * offsetGap;
      if (size == 0 && skipped == 0) {
        offset += offsetGap; // a page always has at least one event
      }
      pages.add(tracker.register(offset, size, 0));
      pageEnds.add(offset);
    }
    Collections.shuffle(events, random);
    boolean[] done = new boolean[events.size()];
    List<long[]> inOffsetOrder = new ArrayList<>(events);
    inOffsetOrder.sort((a, b) -> Long.compare(a[0], b[0]));
    for (long[] e : events) {
      tracker.complete(pages.get((int) e[1]), 1);
      done[inOffsetOrder.indexOf(e)] = true;
      // expected: end of the last page all of whose events, and all earlier ones, are done
      long expected = 100;
      int idx = 0;
      for (int p = 0; p < pages.size(); p++) {
        boolean complete = true;
        for (int i = 0; i < pageSizes.get(p); i++) {
          complete &= done[idx + i];
        }
        if (!complete) {
          break;
        }
        idx += pageSizes.get(p);
        expected = pageEnds.get(p);
      }
      assertThat(tracker.checkpoint()).isEqualTo(expected);
    }
    assertThat(tracker.checkpoint()).isEqualTo(pageEnds.getLast());
    assertThat(tracker.outstanding()).isZero();
    assertThat(tracker.oldestPendingMillis()).isEqualTo(-1);
  }

  @Test
  void aPageOfOnlySkippedEventsCompletesAtOnceWhenNothingIsBeforeIt() {
    CheckpointTracker tracker = new CheckpointTracker(0);
    tracker.register(10, 0, 0);
    assertThat(tracker.checkpoint()).isEqualTo(10);
  }

  @Test
  void aLaterPageCompletedFirstWaitsForTheEarlierOne() {
    CheckpointTracker tracker = new CheckpointTracker(0);
    CheckpointTracker.Page first = tracker.register(5, 2, 0);
    CheckpointTracker.Page second = tracker.register(9, 1, 0);
    assertThat(tracker.complete(second, 1)).isFalse();
    assertThat(tracker.checkpoint()).isZero();
    tracker.complete(first, 1);
    assertThat(tracker.checkpoint()).isZero();
    assertThat(tracker.complete(first, 1)).isTrue();
    assertThat(tracker.checkpoint()).isEqualTo(9);
  }

  @Test
  void offsetsThatGoBackwardsAreRefused() {
    CheckpointTracker tracker = new CheckpointTracker(0);
    tracker.register(5, 1, 0);
    assertThatThrownBy(() -> tracker.register(5, 1, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ascending order");
  }

  @Test
  void completingMoreThanAPageHoldsIsAnError() {
    CheckpointTracker tracker = new CheckpointTracker(0);
    CheckpointTracker.Page page = tracker.register(5, 1, 0);
    assertThatThrownBy(() -> tracker.complete(page, 2)).isInstanceOf(IllegalStateException.class);
  }
}
