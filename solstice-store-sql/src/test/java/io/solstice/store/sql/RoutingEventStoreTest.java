package io.solstice.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solstice.core.EventData;
import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import io.solstice.core.store.AppendRequest;
import io.solstice.core.store.AppendResult;
import io.solstice.core.store.ExpectedVersion;
import io.solstice.core.store.FeedFilter;
import io.solstice.core.store.TenantEntry;
import io.solstice.core.store.TenantPlacement;
import io.solstice.core.store.UnknownTenantException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tenant routing over SQLite files laid out as the app does: {@code solstice.db} and {@code stores/<name>.db}. */
class RoutingEventStoreTest {
  @TempDir Path dataDir;
  private RoutingEventStore store;

  @BeforeEach
  void open() {
    store = RoutingEventStore.open(RoutingEventStore.pooledSqlite(dataDir), Map.of("bigco", RoutingEventStore.dedicatedSqlite(dataDir, "bigco")));
    store.tenants().register("acme", TenantPlacement.POOLED_STORE);
    store.tenants().register("globex", TenantPlacement.dedicated("bigco"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static List<EventData> one() {
    return List.of(EventData.of("Happened", "{}".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aDedicatedTenantIsListedInThePooledDirectoryAndRegisteredInItsStore() {
    assertThat(store.tenants().list()).extracting(TenantEntry::tenant).containsExactly("acme", "globex");
    assertThat(store.stores().get("bigco").tenants().find("globex")).hasValueSatisfying(
        e -> assertThat(e.placement()).isEqualTo(TenantPlacement.dedicated("bigco")));
    assertThat(store.stores().get("bigco").tenants().contains("acme")).isFalse();
    assertThat(Files.exists(dataDir.resolve("stores/bigco.db"))).isTrue();
  }

  @Test
  void eachTenantsEventsLiveInItsOwnStore() {
    StreamName acmeOrder = StreamName.of("acme", "Order", "1");
    StreamName globexOrder = StreamName.of("globex", "Order", "1");
    store.append(acmeOrder, ExpectedVersion.NO_STREAM, one());
    AppendResult globex = store.append(globexOrder, ExpectedVersion.NO_STREAM, one());

    assertThat(globex).isInstanceOfSatisfying(AppendResult.Written.class, w -> assertThat(w.firstPosition()).isEqualTo(1));
    assertThat(store.pooled().readAll(0, 10, FeedFilter.ALL)).extracting(RecordedEvent::stream).containsExactly(acmeOrder);
    assertThat(store.storeFor("globex").readAll(0, 10, FeedFilter.ALL)).extracting(RecordedEvent::stream).containsExactly(globexOrder);
    assertThat(store.readAll(0, 10, FeedFilter.tenant("globex"))).extracting(RecordedEvent::stream).containsExactly(globexOrder);
    assertThat(store.read(globexOrder, 0, 10)).hasSize(1);
    assertThat(store.version(acmeOrder)).isZero();
  }

  @Test
  void anUnfilteredFeedReadIsRefusedWhenTenantsLiveInSeveralStores() {
    assertThatThrownBy(() -> store.readAll(0, 10, FeedFilter.ALL))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("storeFor(tenant)");
    assertThatThrownBy(() -> store.headPosition()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anAppendSpanningTwoStoresIsRefusedAndWritesNothing() {
    assertThatThrownBy(() -> store.appendAll(List.of(
        new AppendRequest(StreamName.of("acme", "Order", "1"), ExpectedVersion.ANY, one()),
        new AppendRequest(StreamName.of("globex", "Order", "1"), ExpectedVersion.ANY, one()))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.pooled().headPosition()).isZero();
    assertThat(store.storeFor("globex").headPosition()).isZero();
  }

  @Test
  void anUnknownTenantIsRefused() {
    assertThatThrownBy(() -> store.append(StreamName.of("initech", "Order", "1"), ExpectedVersion.ANY, one()))
        .isInstanceOf(UnknownTenantException.class);
  }

  @Test
  void registeringOnAnUnconfiguredDedicatedStoreFailsAndRecordsNothing() {
    assertThatThrownBy(() -> store.tenants().register("umbrella", TenantPlacement.dedicated("nowhere")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("nowhere");
    assertThat(store.tenants().contains("umbrella")).isFalse();
  }
}
