package io.solstice.commerce.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class OrderEventsTest {

  @Test
  void theSamplesHoldOneEventOfEveryOrderEventType() {
    assertThat(OrderEvents.oneOfEach("o1").stream().map(Object::getClass).toList())
        .as("add a sample of each new order event, so every reaction's decode test covers it")
        .containsExactlyInAnyOrderElementsOf(Arrays.asList(Order.Event.class.getPermittedSubclasses()));
  }
}
