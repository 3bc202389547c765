package io.solstice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import io.solstice.core.store.TenantPlacement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The race behind services that sat idle for seconds after a tenant was provisioned just after
 * they started: the tenant's first append landed between two polls, not while the reader waited,
 * so nothing woke the reader and it only found the tenant at the periodic (5 s) directory refresh.
 * A store source re-reads the directory whenever the head has moved past everything its known
 * partitions hold, however the append was noticed. The reader's time is a fake that never reaches
 * the periodic refresh, so only the prompt discovery can deliver the new tenant's event.
 */
class TenantProvisionedBetweenPollsIsDiscoveredTest {

  private final Fixture fx = new Fixture("acme");
  private final AtomicLong nanos = new AtomicLong();

  private Source.Reader open(String uri) {
    StoreSource source = StoreSource.parse(uri, fx.store, 100).withNanoTime(nanos::get);
    return source.open(new Source.Context() {
      @Override
      public String service() {
        return "late-tenants";
      }

      @Override
      public long checkpoint(SourcePartition partition) {
        return 0;
      }
    });
  }

  private static List<RecordedEvent> pollAFewTimes(Source.Reader reader) throws InterruptedException {
    List<RecordedEvent> read = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      for (Delivery d : reader.poll(p -> true, Duration.ofMillis(1)).deliveries()) {
        read.addAll(d.events());
      }
    }
    return read;
  }

  @Test
  void aTenantWhoseFirstAppendLandsBetweenPollsIsReadWithoutWaitingForThePeriodicRefresh() throws InterruptedException {
    fx.append(StreamName.of("acme", "Order", "1"), "Placed", 1);
    try (Source.Reader reader = open("store:")) {
      assertThat(pollAFewTimes(reader)).extracting(e -> e.stream().tenant()).containsExactly("acme");

      fx.store.tenants().register("late", TenantPlacement.POOLED_STORE);
      fx.append(StreamName.of("late", "Order", "1"), "Placed", 1);
      nanos.addAndGet(Duration.ofMillis(300).toNanos()); // past the prompt re-read's spacing, far from the periodic one

      assertThat(pollAFewTimes(reader)).extracting(e -> e.stream().canonical()).containsExactly("late:Order-1");
    }
  }

  @Test
  void aCategorySourceFindsANewTenantsEventsAmongOtherCategories() throws InterruptedException {
    try (Source.Reader reader = open("store:Order")) {
      assertThat(pollAFewTimes(reader)).isEmpty();

      fx.store.tenants().register("late", TenantPlacement.POOLED_STORE);
      fx.append(StreamName.of("late", "Payment", "1"), "Captured", 1);
      fx.append(StreamName.of("late", "Order", "1"), "Placed", 1);
      nanos.addAndGet(Duration.ofMillis(300).toNanos());

      assertThat(pollAFewTimes(reader)).extracting(e -> e.stream().canonical()).containsExactly("late:Order-1");
    }
  }
}
