package io.solstice.commerce.order;

import io.solstice.commerce.shared.Address;
import io.solstice.commerce.shared.Customer;
import io.solstice.commerce.shared.Money;
import io.solstice.commerce.shared.OrderLine;
import io.solstice.core.EventMetadata;
import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import io.solstice.core.codec.EncodedEvent;
import io.solstice.core.codec.EventCodec;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Test support: one sample of every order event, and events as a reaction receives them from the store. */
public final class OrderEvents {
  private OrderEvents() {}

  public static final List<OrderLine> LINES = List.of(
      new OrderLine("TEE", "T-shirt", 2, Money.of("19.99", "EUR")),
      new OrderLine("MUG", "Mug", 1, Money.of("8.50", "EUR")));

  /** Order {@code orderId} of {@link #LINES} (EUR, 19 % tax) by Ana. */
  public static Order.Placed placed(String orderId) {
    return new Order.Placed(orderId, "c-" + orderId, new Customer("ana@example.com", "Ana"),
        new Address("1 Main St", "Berlin", "10115", "DE"), LINES, Totals.of(LINES, new BigDecimal("0.19"), "EUR"),
        io.solstice.commerce.payment.PaymentTokens.ephemeral().seal("acme", orderId, "tok_approve"));
  }

  /** One event of every type {@link Order.Event} permits (checked by {@code OrderEventsTest}). */
  public static List<Order.Event> oneOfEach(String orderId) {
    return List.of(
        placed(orderId),
        new Order.FraudAccepted(5),
        new Order.ReviewRequired(60, "big"),
        new Order.ReviewApproved(),
        new Order.Rejected("fraud check: blocked"),
        new Order.PaymentAuthorized("auth1", Money.of("57.69", "EUR")),
        new Order.PaymentDeclined("card declined"),
        new Order.Confirmed(),
        new Order.Released(),
        new Order.ShipmentAdded("s1", Map.of("TEE", 2), "T1"),
        new Order.Shipped(),
        new Order.ShipmentDelivered("s1"),
        new Order.Delivered(),
        new Order.PaymentCaptured("cap1", Money.of("57.69", "EUR")),
        new Order.Completed(),
        new Order.Cancelled("changed my mind"));
  }

  /** {@code event} as stored at {@code version} of {@code stream}, encoded by {@code codec}. */
  public static <E> RecordedEvent recorded(EventCodec<E> codec, StreamName stream, long version, E event) {
    EncodedEvent encoded = codec.encode(event);
    return new RecordedEvent(UUID.nameUUIDFromBytes((stream + "@" + version).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        stream, version, version + 1, encoded.type(), encoded.data(), EventMetadata.EMPTY, Instant.parse("2025-03-01T10:00:00Z"));
  }
}
