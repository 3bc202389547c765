package io.solstice.app.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShopperJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void bodiesAreTheJsonJacksonReadsBackIncludingCharactersThatNeedEscapes() throws Exception {
    OrderPlan plan = new OrderPlan(0, 7, Scenario.CONFIRM, "ana\"q@example.com", "Ana \\ Müller\n\t\u0001", "tok_approve",
        List.of(new OrderPlan.Line("TEE", 2)));

    JsonNode checkout = JSON.readTree(ShopperJson.checkout(plan));
    JsonNode item = JSON.readTree(ShopperJson.item("TE\"E", 3));

    assertThat(checkout.path("customer").path("email").asText()).isEqualTo("ana\"q@example.com");
    assertThat(checkout.path("customer").path("name").asText()).isEqualTo("Ana \\ Müller\n\t\u0001");
    assertThat(checkout.path("shippingAddress").path("line1").asText()).isEqualTo("8 Demo Street");
    assertThat(checkout.path("shippingAddress").path("country").asText()).isEqualTo("DE");
    assertThat(checkout.path("paymentToken").asText()).isEqualTo("tok_approve");
    assertThat(item.path("sku").asText()).isEqualTo("TE\"E");
    assertThat(item.path("quantity").asInt()).isEqualTo(3);
  }

  @Test
  void topLevelStringFieldsAreFoundAndNestedOrOddOnesAreLeftToTheTreeParser() {
    String answer = "{ \"lines\": [{\"orderId\":\"nested\"}], \"note\": \"a \\\"orderId\\\": \\\"fake\\\"\", \"orderId\" : \"o-1\", \"n\": 5}";

    assertThat(ShopperJson.topLevelString(answer, "orderId")).isEqualTo("o-1");
    assertThat(ShopperJson.topLevelString(answer, "n")).isNull();
    assertThat(ShopperJson.topLevelString(answer, "missing")).isNull();
    assertThat(ShopperJson.topLevelString("{\"id\":\"a\\nb\"}", "id")).isNull();
    assertThat(ShopperJson.topLevelString("not json", "id")).isNull();
    assertThat(ShopperJson.topLevelString("", "id")).isNull();
  }

  @Test
  void responseTextFallsBackToTheTreeForValuesTheScanLeaves() {
    ApiClient.Response r = new ApiClient.Response(200, "{\"n\":5,\"id\":\"a\\nb\",\"cartId\":\"c-9\"}");

    assertThat(r.text("cartId")).isEqualTo("c-9");
    assertThat(r.text("n")).isEqualTo("5");
    assertThat(r.text("id")).isEqualTo("a\nb");
    assertThat(r.text("missing")).isNull();
  }
}
