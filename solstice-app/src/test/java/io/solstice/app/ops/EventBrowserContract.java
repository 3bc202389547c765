package io.solstice.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.core.EventData;
import io.solstice.core.EventMetadata;
import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import io.solstice.core.store.ExpectedVersion;
import io.solstice.core.store.TenantPlacement;
import io.solstice.store.sql.SqlEventStore;
import io.solstice.store.sql.SqlStoreConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event browser on one store backend: events by id, causes and effects, a request's events,
 * the causation tree, and newest-first pages. Run on SQLite and on PostgreSQL.
 */
abstract class EventBrowserContract {
  @TempDir Path dir;
  SqlEventStore store;
  EventBrowser browser;

  abstract SqlStoreConfig config(Path dir);

  void cleanUp() {}

  @BeforeEach
  void open() {
    store = SqlEventStore.open(config(dir));
    store.tenants().register("acme", TenantPlacement.POOLED_STORE);
    store.tenants().register("globex", TenantPlacement.POOLED_STORE);
    browser = new EventBrowser(store, List.of("Order", "Payment"));
  }

  @AfterEach
  void close() {
    store.close();
    cleanUp();
  }

  RecordedEvent append(StreamName stream, String type, String causation) {
    EventData e = new EventData(UUID.randomUUID(), type, "{}".getBytes(StandardCharsets.UTF_8), new EventMetadata("c1", causation, null, "test"));
    store.append(stream, ExpectedVersion.ANY, List.of(e));
    return store.read(stream, 0, 1000).getLast();
  }

  @Test
  void anEventIsFoundByItsIdWithItsCauseEffectsAndRequest() {
    StreamName order = StreamName.of("acme", "Order", "o1");
    StreamName payment = StreamName.of("acme", "Payment", "o1");
    RecordedEvent placed = append(order, "Placed", "http:req-1");
    RecordedEvent sibling = append(StreamName.of("acme", "Stock", "tee"), "Reserved", "http:req-1");
    append(StreamName.of("globex", "Order", "x"), "Placed", placed.eventId().toString()); // another tenant: never an effect
    RecordedEvent authorized = append(payment, "Authorized", placed.eventId().toString());
    RecordedEvent confirmed = append(order, "Confirmed", authorized.eventId().toString());

    assertThat(browser.event(authorized.eventId())).contains(authorized);
    assertThat(browser.event(UUID.randomUUID())).isEmpty();

    EventBrowser.Links links = browser.links(placed);
    assertThat(links.request()).contains("http:req-1");
    assertThat(links.requestEvents()).extracting(RecordedEvent::eventId).containsExactly(placed.eventId(), sibling.eventId());
    assertThat(links.effects()).extracting(RecordedEvent::eventId).containsExactly(authorized.eventId());
    assertThat(browser.links(confirmed).cause()).contains(authorized);

    EventBrowser.Tree tree = browser.tree(confirmed);
    assertThat(tree.request()).contains("http:req-1");
    assertThat(tree.roots()).extracting(n -> n.event().type()).containsExactly("Placed", "Reserved");
    assertThat(tree.roots().getFirst().effects().getFirst().event()).isEqualTo(authorized);
    assertThat(tree.roots().getFirst().effects().getFirst().effects().getFirst().event()).isEqualTo(confirmed);
  }

  @Test
  void recentEventsComeNewestFirstByTenantAndCategory() {
    for (int i = 0; i < 5; i++) {
      append(StreamName.of("acme", "Order", "o" + i), "Placed", null);
      append(StreamName.of("acme", "Payment", "o" + i), "Authorized", null);
      append(StreamName.of("globex", "Order", "g" + i), "Placed", null);
    }
    List<RecordedEvent> page = browser.recent("acme", "Order", 0, 3);
    assertThat(page).extracting(e -> e.stream().id()).containsExactly("o4", "o3", "o2");
    assertThat(browser.recent("acme", "Order", page.getLast().position(), 3)).extracting(e -> e.stream().id()).containsExactly("o1", "o0");
    assertThat(browser.recent(null, null, 0, 2)).extracting(e -> e.stream().canonical()).containsExactly("globex:Order-g4", "acme:Payment-o4");
    assertThat(browser.streamsWithId("acme", "o2")).extracting(s -> s.stream().category()).containsExactly("Order", "Payment");
  }
}
