package io.solstice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import io.solstice.core.store.TenantPlacement;
import io.solstice.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How a store source reads: tenants met by the shared scan, partitions that detach when their
 * read-ahead is full and catch up from the store, and a reader that fell behind the shared window.
 */
class StoreSourceTest {

  private final Fixture fx = new Fixture("acme", "beta");
  private final CountingStore counted = new CountingStore(fx.store);
  private final Map<SourcePartition, Integer> room = new HashMap<>();
  private StoreFeed feed;

  @AfterEach
  void closeFeed() {
    if (feed != null) {
      feed.close();
    }
  }

  private Source.Reader open(String uri, int window) {
    feed = new StoreFeed(counted, window, Duration.ofMillis(20));
    feed.start();
    return StoreSource.parse(uri, counted, 100).open(context(), s -> feed);
  }

  private static Source.Context context() {
    return new Source.Context() {
      @Override
      public String service() {
        return "reader";
      }

      @Override
      public long checkpoint(SourcePartition partition) {
        return 0;
      }

      @Override
      public Map<SourcePartition, Long> release(Collection<SourcePartition> partitions, Duration timeout) {
        return Map.of();
      }

      @Override
      public void drop(Collection<SourcePartition> partitions) {}
    };
  }

  private List<RecordedEvent> poll(Source.Reader reader) throws InterruptedException {
    List<RecordedEvent> read = new ArrayList<>();
    for (Delivery d : reader.poll(p -> room.getOrDefault(p, 1_000), Duration.ofMillis(50)).deliveries()) {
      read.addAll(d.events());
      room.merge(d.partition(), -d.events().size(), Integer::sum);
    }
    return read;
  }

  /** Polls until {@code events} events were read, or 30 s passed (a loaded machine may lag the feed's tailer). */
  private List<String> pollUntil(Source.Reader reader, int events) throws InterruptedException {
    List<String> read = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (read.size() < events && System.nanoTime() < deadline) {
      poll(reader).forEach(e -> read.add(e.stream().canonical() + "@" + e.version()));
    }
    return read;
  }

  @Test
  void aTenantProvisionedWhileReadingIsReadFromItsFirstEvent() throws InterruptedException {
    fx.append(StreamName.of("acme", "Order", "1"), "Placed", 1);
    try (Source.Reader reader = open("store:", 1_024)) {
      assertThat(pollUntil(reader, 1)).containsExactly("acme:Order-1@0");

      fx.store.tenants().register("late", TenantPlacement.POOLED_STORE);
      fx.append(StreamName.of("late", "Order", "1"), "Placed", 2);

      assertThat(pollUntil(reader, 2)).containsExactly("late:Order-1@0", "late:Order-1@1");
    }
  }

  @Test
  void aCategorySourceFindsANewTenantsEventsAmongOtherCategories() throws InterruptedException {
    try (Source.Reader reader = open("store:Order", 1_024)) {
      assertThat(poll(reader)).isEmpty();

      fx.store.tenants().register("late", TenantPlacement.POOLED_STORE);
      fx.append(StreamName.of("late", "Payment", "1"), "Captured", 1);
      fx.append(StreamName.of("late", "Order", "1"), "Placed", 1);

      assertThat(pollUntil(reader, 1)).containsExactly("late:Order-1@0");
    }
  }

  @Test
  void eventsCommittedWhileReadingComeFromTheSharedWindowWithoutReadingTheFeed() throws InterruptedException {
    try (Source.Reader reader = open("store:Order", 1_024)) {
      poll(reader);
      long feedReads = counted.feedReads.get();

      fx.append(StreamName.of("acme", "Order", "1"), "Placed", 3);
      fx.append(StreamName.of("beta", "Order", "2"), "Placed", 2);

      assertThat(pollUntil(reader, 5)).hasSize(5);
      assertThat(counted.feedReads.get()).isEqualTo(feedReads);
    }
  }

  @Test
  void aPartitionWithoutRoomDetachesWhileOthersGoOnAndCatchesUpFromTheStoreInOrder() throws InterruptedException {
    SourcePartition acme = new SourcePartition("acme", "store:Order");
    try (Source.Reader reader = open("store:Order", 1_024)) {
      poll(reader);
      room.put(acme, 2);
      fx.append(StreamName.of("acme", "Order", "1"), "Placed", 5);
      fx.append(StreamName.of("beta", "Order", "1"), "Placed", 3);

      assertThat(pollUntil(reader, 5)).containsExactly("acme:Order-1@0", "acme:Order-1@1", "beta:Order-1@0", "beta:Order-1@1",
          "beta:Order-1@2");
      assertThat(poll(reader)).isEmpty();

      room.put(acme, 1_000);
      long feedReads = counted.feedReads.get();
      assertThat(pollUntil(reader, 3)).containsExactly("acme:Order-1@2", "acme:Order-1@3", "acme:Order-1@4");
      assertThat(counted.feedReads.get()).as("the detached partition read its backlog from the store").isGreaterThan(feedReads);

      fx.append(StreamName.of("acme", "Order", "1"), "Placed", 1);
      assertThat(pollUntil(reader, 1)).as("attached again: new events come from the scan").containsExactly("acme:Order-1@5");
    }
  }

  @Test
  void aReaderThatFellBehindTheWindowReadsTheStoreAndMissesNothing() throws InterruptedException {
    try (Source.Reader reader = open("store:Order", 8)) {
      poll(reader);
      fx.append(StreamName.of("acme", "Order", "1"), "Placed", 50);
      Await.until("the window moved past the reader", () -> feed.first() > 10);

      List<String> read = pollUntil(reader, 50);

      assertThat(read).hasSize(50);
      for (int v = 0; v < 50; v++) {
        assertThat(read.get(v)).isEqualTo("acme:Order-1@" + v);
      }
    }
  }
}
