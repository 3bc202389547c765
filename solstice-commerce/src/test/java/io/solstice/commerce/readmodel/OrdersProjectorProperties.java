package io.solstice.commerce.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.commerce.order.Order;
import io.solstice.commerce.order.OrderCommands;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The orders read model folds statuses the way {@link Order#evolve} does. */
class OrdersProjectorProperties {

  @Provide
  Arbitrary<List<OrderCommands.Command>> histories() {
    return OrderCommands.histories();
  }

  @Property(tries = 300)
  void theReadModelsStatusIsTheAggregatesAfterEveryEvent(@ForAll("histories") List<OrderCommands.Command> history) {
    Order.State s = Order.State.INITIAL;
    String projected = null;
    for (OrderCommands.Command c : history) {
      for (Order.Event e : OrderCommands.decide(s, c).events()) {
        s = Order.evolve(s, e);
        String after = OrdersProjector.statusAfter(e);
        projected = after == null ? projected : after;
        assertThat(projected).as("after %s", e).isEqualTo(s.status().wireName());
      }
    }
  }
}
