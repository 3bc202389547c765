package io.solstice.commerce.fulfillment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solstice.commerce.shared.NotFoundException;
import io.solstice.commerce.shared.RuleViolationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShipmentTest {

  private static final Shipment.Dispatched S1 = new Shipment.Dispatched("s1", "o1", Map.of("TEE", 1), "T1");

  @Test
  void deliveringAShipmentThatDoesNotExistIsNotFoundInsteadOfWritingADelivery() {
    assertThatThrownBy(() -> Shipment.deliver(Shipment.State.INITIAL, "s9"))
        .isInstanceOf(NotFoundException.class).hasMessage("shipment 's9' was not found");
  }

  @Test
  void aShipmentIsDeliveredOnce() {
    Shipment.State dispatched = Shipment.evolve(Shipment.State.INITIAL, S1);
    Shipment.State delivered = Shipment.evolve(dispatched, Shipment.deliver(dispatched, "s1").getFirst());
    assertThat(delivered.delivered()).isTrue();
    assertThat(Shipment.deliver(delivered, "s1")).isEmpty();
  }

  @Test
  void theSameIdWithOtherContentIsRefused() {
    Shipment.State dispatched = Shipment.evolve(Shipment.State.INITIAL, S1);
    assertThat(Shipment.dispatch(dispatched, S1)).isEmpty();
    assertThatThrownBy(() -> Shipment.dispatch(dispatched, new Shipment.Dispatched("s1", "o1", Map.of("TEE", 2), "T1")))
        .isInstanceOf(RuleViolationException.class).hasMessageContaining("other content");
  }
}
