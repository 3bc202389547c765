package io.solstice.app.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ShopperMixTest {
  private final ShopCatalog catalog = ShopCatalog.standard();

  @Test
  void theSameSeedTenantAndNumberAlwaysGiveTheSamePlan() {
    ShopperMix a = ShopperMix.standard(42, catalog);
    ShopperMix b = ShopperMix.standard(42, catalog);

    for (long seq = 0; seq < 200; seq++) {
      assertThat(a.plan(1, seq)).isEqualTo(b.plan(1, seq));
    }
  }

  @Test
  void anotherSeedGivesOtherPlans() {
    ShopperMix a = ShopperMix.standard(1, catalog);
    ShopperMix b = ShopperMix.standard(2, catalog);

    long same = LongStream.range(0, 200).filter(seq -> a.plan(0, seq).equals(b.plan(0, seq))).count();

    assertThat(same).isLessThan(20);
  }

  @Test
  void aThousandOrdersPlayEveryScenario() {
    ShopperMix mix = ShopperMix.standard(42, catalog);

    Set<Scenario> seen = LongStream.range(0, 1000).mapToObj(seq -> mix.plan(0, seq).scenario()).collect(Collectors.toSet());

    assertThat(seen).isEqualTo(EnumSet.allOf(Scenario.class));
  }

  @Test
  void onlyBigCartsGoOverTheReviewThresholdEvenWithTheHighestTax() {
    ShopperMix mix = ShopperMix.standard(42, catalog);
    BigDecimal highestTax = new BigDecimal("0.25");

    for (long seq = 0; seq < 2000; seq++) {
      OrderPlan plan = mix.plan(0, seq);
      BigDecimal total = plan.expectedTotal(catalog, highestTax, "EUR");
      assertThat(total.compareTo(ShopCatalog.REVIEW_THRESHOLD) > 0).as(plan.toString()).isEqualTo(plan.scenario().bigCart());
    }
  }

  @Test
  void fraudScenariosUseTheBlockedDomainAndTokensFollowTheScenario() {
    ShopperMix mix = ShopperMix.standard(42, catalog);

    for (long seq = 0; seq < 1000; seq++) {
      OrderPlan plan = mix.plan(0, seq);
      assertThat(plan.email().endsWith("@fraud.test")).isEqualTo(plan.scenario() == Scenario.FRAUD);
      String expectedToken = switch (plan.scenario()) {
        case DECLINE -> "tok_decline";
        case TIMEOUT -> "tok_timeout";
        default -> "tok_approve";
      };
      assertThat(plan.paymentToken()).isEqualTo(expectedToken);
    }
  }

  @Test
  void partialShipmentsHaveAFirstLineOfTwoUnitsToSplit() {
    ShopperMix mix = ShopperMix.standard(42, catalog);

    LongStream.range(0, 1000).mapToObj(seq -> mix.plan(0, seq)).filter(p -> p.scenario() == Scenario.PARTIAL_SHIPMENTS)
        .forEach(p -> assertThat(p.lines().getFirst().quantity()).isEqualTo(2));
  }

  @Test
  void expectedTotalRoundsTaxHalfEvenOnceToTheMinorUnit() {
    OrderPlan plan = new OrderPlan(0, 0, Scenario.CONFIRM, "a@example.com", "A", "tok_approve", java.util.List.of(new OrderPlan.Line("map", 1)));

    // 6.75 * 0.0825 = 0.556875 -> 0.56
    assertThat(plan.expectedTotal(catalog, new BigDecimal("0.0825"), "USD")).isEqualByComparingTo("7.31");
  }
}
