package io.solstice.commerce.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.commerce.Categories;
import io.solstice.commerce.notification.NotificationService.Input;
import io.solstice.commerce.notification.NotificationService.Kind;
import io.solstice.commerce.order.Order;
import io.solstice.commerce.order.OrderEvents;
import io.solstice.commerce.tenancy.Policy;
import io.solstice.core.RecordedEvent;
import io.solstice.core.memory.MemoryStore;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotificationServiceTest {

  private final Categories c = Categories.on(new MemoryStore());

  private RecordedEvent recorded(Order.Event e) {
    return OrderEvents.recorded(c.orders().codec(), Order.stream("acme", "o1"), 7, e);
  }

  private static Mail mail(Kind kind) {
    return NotificationService.mail(new Input("acme", "o1", "ev-1", kind, 7), OrderEvents.placed("o1"), Policy.defaults("acme"));
  }

  @Test
  void confirmedShippedAndCancelledOrdersCallForAMailAndNoOtherEventDoes() {
    Map<Class<?>, Kind> decoded = new HashMap<>();
    for (Order.Event e : OrderEvents.oneOfEach("o1")) {
      NotificationService.decode(c, recorded(e)).ifPresent(in -> decoded.put(e.getClass(), in.kind()));
    }
    assertThat(decoded).isEqualTo(Map.of(Order.Confirmed.class, Kind.CONFIRMED, Order.Shipped.class, Kind.SHIPPED,
        Order.Cancelled.class, Kind.CANCELLED));
  }

  @Test
  void theMailIsKeyedByTheCausingEvent() {
    RecordedEvent confirmed = recorded(new Order.Confirmed());
    assertThat(NotificationService.decode(c, confirmed))
        .contains(new Input("acme", "o1", confirmed.eventId().toString(), Kind.CONFIRMED, 7));
  }

  @Test
  void eachMailHasItsOwnSubjectAndText() {
    assertThat(mail(Kind.CONFIRMED).subject()).isEqualTo("Order o1 confirmed");
    assertThat(mail(Kind.CONFIRMED).body()).contains("It is confirmed and will ship soon.").doesNotContain("cancelled");
    assertThat(mail(Kind.SHIPPED).subject()).isEqualTo("Order o1 shipped");
    assertThat(mail(Kind.SHIPPED).body()).contains("has shipped.").doesNotContain("cancelled");
    assertThat(mail(Kind.CANCELLED).subject()).isEqualTo("Order o1 cancelled");
    assertThat(mail(Kind.CANCELLED).body()).contains("has been cancelled. Any payment has been released or refunded.");
  }

  @Test
  void theMailGoesToTheCustomerFromTheTenantsSender() {
    Mail m = mail(Kind.SHIPPED);
    assertThat(m.to()).isEqualTo("ana@example.com");
    assertThat(m.from()).isEqualTo(Policy.defaults("acme").mailSender());
    assertThat(m.key()).isEqualTo("ev-1");
    assertThat(m.body()).startsWith("Hello Ana,").contains("Total: ");
  }
}
