package io.solstice.commerce.fulfillment;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.commerce.Categories;
import io.solstice.commerce.order.Order;
import io.solstice.commerce.order.OrderEvents;
import io.solstice.core.memory.MemoryStore;
import org.junit.jupiter.api.Test;

class FulfillmentServiceTest {

  private final Categories c = Categories.on(new MemoryStore());

  @Test
  void onlyAConfirmedOrderIsReleasedToTheWarehouse() {
    for (Order.Event e : OrderEvents.oneOfEach("o1")) {
      var in = FulfillmentService.decode(c, OrderEvents.recorded(c.orders().codec(), Order.stream("acme", "o1"), 3, e));
      if (e instanceof Order.Confirmed) {
        assertThat(in).contains(new FulfillmentService.Input("acme", "o1"));
      } else {
        assertThat(in).as("%s", e).isEmpty();
      }
    }
  }
}
