package io.solstice.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solstice.core.sample.Cart.Event;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * JSON from outside (HTTP bodies, partner calls) is read with limits, so a hostile document costs
 * bounded memory and time; decimals stay exact either way. Also the codec's refusals of
 * definitions and stored data it cannot read.
 */
class UntrustedJsonTest {
  final ObjectMapper untrusted = Json.untrustedBuilder().build();

  @Test
  void decimalsWithAnExponentUpToTheLimitAreReadExactly() throws Exception {
    JsonNode n = untrusted.readTree("{\"a\":1E+100,\"b\":1E-100,\"c\":19.90}");

    assertThat(n.get("a").decimalValue()).isEqualByComparingTo(BigDecimal.ONE.scaleByPowerOfTen(100));
    assertThat(n.get("b").decimalValue()).isEqualByComparingTo(BigDecimal.ONE.scaleByPowerOfTen(-100));
    assertThat(n.get("c").decimalValue()).isEqualTo(new BigDecimal("19.90"));
  }

  @Test
  void aDecimalWithAnExponentPastTheLimitEitherWayIsRefusedWhileParsing() {
    for (String number : new String[] {"1E+101", "1E-101"}) {
      assertThatThrownBy(() -> untrusted.readTree("{\"a\":" + number + "}"))
          .as(number)
          .isInstanceOf(NumberOutOfRangeException.class)
          .hasMessageContaining("beyond ±100").hasMessageContaining("send amounts such as 19.99");
    }
  }

  @Test
  void nestingDeeperThanTheLimitIsRefused() throws Exception {
    String ok = "[".repeat(Json.MAX_NESTING_DEPTH) + "]".repeat(Json.MAX_NESTING_DEPTH);
    String deep = "[".repeat(Json.MAX_NESTING_DEPTH + 1) + "]".repeat(Json.MAX_NESTING_DEPTH + 1);

    assertThat(untrusted.readTree(ok).isArray()).isTrue();
    assertThatThrownBy(() -> untrusted.readTree(deep)).isInstanceOf(StreamConstraintsException.class);
  }

  @Test
  void aNumberLongerThanTheLimitIsRefused() throws Exception {
    assertThat(untrusted.readTree("1" + "0".repeat(Json.MAX_NUMBER_LENGTH - 1)).isNumber()).isTrue();
    assertThatThrownBy(() -> untrusted.readTree("1" + "0".repeat(Json.MAX_NUMBER_LENGTH)))
        .isInstanceOf(StreamConstraintsException.class);
  }

  @Test
  void theTrustedBuilderKeepsDecimalsExactWithoutLimitsOnExponents() throws Exception {
    JsonNode n = Json.builder().build().readTree("{\"a\":1E+200,\"b\":2.50}");

    assertThat(n.get("a").decimalValue()).isEqualByComparingTo(BigDecimal.ONE.scaleByPowerOfTen(200));
    assertThat(n.get("b").decimalValue()).isEqualTo(new BigDecimal("2.50"));
  }

  @Test
  void storedDataThatIsNotAnObjectFailsToUpcastNamingTheType() {
    JsonCodec<Event> upcasting = JsonCodec.builder(Event.class).addField("ItemAdded", "quantity", 1).build();

    assertThatThrownBy(() -> upcasting.decode("ItemAdded", "[1]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(EventDecodingException.class)
        .hasMessageContaining("ItemAdded")
        .hasRootCauseMessage("expected a JSON object but found ARRAY");
  }

  @Test
  void aTypeNameIsTheRecordsSimpleNameAndNeverEmpty() {
    JsonCodec<Event> codec = JsonCodec.forSealed(Event.class);

    assertThat(codec.typeName(Event.ItemAdded.class)).isEqualTo("ItemAdded");
    assertThatThrownBy(() -> JsonCodec.builder(Event.class).upcast(" ", n -> {}))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("event type name must not be empty, was  ");
    assertThatThrownBy(() -> JsonCodec.builder(Event.class).rename("", "ItemAdded"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("event type name must not be empty, was ");
    assertThatThrownBy(() -> JsonCodec.builder(Event.class).rename("Old", null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("event type name must not be empty, was null");
  }
}
