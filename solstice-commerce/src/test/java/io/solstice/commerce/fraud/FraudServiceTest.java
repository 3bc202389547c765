package io.solstice.commerce.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.commerce.Categories;
import io.solstice.commerce.order.Order;
import io.solstice.commerce.order.OrderEvents;
import io.solstice.core.memory.MemoryStore;
import org.junit.jupiter.api.Test;

class FraudServiceTest {

  private final Categories c = Categories.on(new MemoryStore());

  @Test
  void onlyAPlacedOrderAsksForACheck() {
    for (Order.Event e : OrderEvents.oneOfEach("o1")) {
      var in = FraudService.decode(c, OrderEvents.recorded(c.orders().codec(), Order.stream("acme", "o1"), 0, e));
      if (e instanceof Order.Placed) {
        assertThat(in).contains(new FraudService.Input("acme", "o1", 0));
      } else {
        assertThat(in).as("%s", e).isEmpty();
      }
    }
  }
}
