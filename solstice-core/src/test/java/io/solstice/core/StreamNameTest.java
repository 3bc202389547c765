package io.solstice.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The stream name is the tenant boundary: every read and write names a stream, so a name that
 * lets one part spill into another (a tenant holding a {@code :}, a category holding a {@code -})
 * would let one tenant address another's data. These tests state the character sets, the length
 * limits and the one canonical form.
 */
class StreamNameTest {

  private static final String LOWER_DIGITS = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final String DIGITS = "0123456789";

  @Provide
  Arbitrary<String> tenants() {
    return Combinators.combine(
            Arbitraries.strings().withChars(LOWER_DIGITS).ofLength(1),
            Arbitraries.strings().withChars(LOWER_DIGITS + "_-").ofMaxLength(StreamName.MAX_TENANT_LENGTH - 1))
        .as(String::concat);
  }

  @Provide
  Arbitrary<String> categories() {
    return Combinators.combine(
            Arbitraries.strings().withChars(LETTERS).ofLength(1),
            Arbitraries.strings().withChars(LETTERS + DIGITS).ofMaxLength(StreamName.MAX_CATEGORY_LENGTH - 1))
        .as(String::concat);
  }

  @Provide
  Arbitrary<String> ids() {
    return Combinators.combine(
            Arbitraries.strings().withChars(LETTERS + DIGITS).ofLength(1),
            Arbitraries.strings().withChars(LETTERS + DIGITS + "._~-").ofMaxLength(StreamName.MAX_ID_LENGTH - 1))
        .as(String::concat);
  }

  @Property(tries = 300)
  void everyValidNameSurvivesItsCanonicalFormUnchanged(
      @ForAll("tenants") String tenant, @ForAll("categories") String category, @ForAll("ids") String id) {
    StreamName name = StreamName.of(tenant, category, id);

    assertThat(name.canonical()).isEqualTo(tenant + ":" + category + "-" + id);
    assertThat(name.toString()).isEqualTo(name.canonical());
    assertThat(StreamName.parse(name.canonical())).isEqualTo(name);
    assertThat(StreamName.isValidId(id)).isTrue();
    assertThat(StreamName.requireTenant(tenant)).isSameAs(tenant);
    assertThat(StreamName.requireCategory(category)).isSameAs(category);
  }

  @Property(tries = 200)
  void namesSortAsTheirCanonicalForms(
      @ForAll("tenants") String t1, @ForAll("ids") String id1, @ForAll("tenants") String t2, @ForAll("ids") String id2) {
    StreamName a = StreamName.of(t1, "Order", id1);
    StreamName b = StreamName.of(t2, "Order", id2);

    assertThat(Integer.signum(a.compareTo(b))).isEqualTo(Integer.signum(a.canonical().compareTo(b.canonical())));
  }

  @Test
  void eachPartIsAcceptedUpToItsLongestLengthAndRefusedOneCharacterPast() {
    String tenant = "t".repeat(StreamName.MAX_TENANT_LENGTH);
    String category = "C".repeat(StreamName.MAX_CATEGORY_LENGTH);
    String id = "i".repeat(StreamName.MAX_ID_LENGTH);

    assertThat(StreamName.of(tenant, category, id).canonical()).hasSize(40 + 1 + 64 + 1 + 128);
    assertThatThrownBy(() -> StreamName.of(tenant + "t", category, id)).isInstanceOf(InvalidStreamNameException.class);
    assertThatThrownBy(() -> StreamName.of(tenant, category + "C", id)).isInstanceOf(InvalidStreamNameException.class);
    assertThatThrownBy(() -> StreamName.of(tenant, category, id + "i")).isInstanceOf(InvalidStreamNameException.class);
  }

  @Test
  void aTenantCannotHoldTheSeparatorsOrUppercaseOrStartWithPunctuation() {
    for (String bad : List.of("", "Acme", "ac:me", "ac.me", "-acme", "_acme", "ac me", "acmé")) {
      assertThatThrownBy(() -> StreamName.of(bad, "Order", "1"))
          .as("tenant %s", bad)
          .isInstanceOf(InvalidStreamNameException.class)
          .hasMessageStartingWith("invalid tenant id \"" + bad + "\"")
          .hasMessageContaining("[a-z0-9_-]");
    }
  }

  @Test
  void aCategoryCannotHoldTheIdSeparatorOrStartWithADigit() {
    for (String bad : List.of("", "Order-Line", "1Order", "Or:der", "Or_der", "Or der")) {
      assertThatThrownBy(() -> StreamName.of("acme", bad, "1"))
          .as("category %s", bad)
          .isInstanceOf(InvalidStreamNameException.class)
          .hasMessageStartingWith("invalid category \"" + bad + "\"")
          .hasMessageContaining("[A-Za-z0-9]");
    }
  }

  @Test
  void anIdCannotHoldTheTenantSeparatorOrStartWithPunctuation() {
    for (String bad : List.of("", "a:b", "-1", ".1", "~1", "a b", "a/b")) {
      assertThatThrownBy(() -> StreamName.of("acme", "Order", bad))
          .as("id %s", bad)
          .isInstanceOf(InvalidStreamNameException.class)
          .hasMessageStartingWith("invalid stream id \"" + bad + "\" in category Order of tenant acme")
          .hasMessageContaining("[A-Za-z0-9._~-]");
      assertThat(StreamName.isValidId(bad)).as("id %s", bad).isFalse();
    }
  }

  @Test
  void missingPartsAreRefusedNotStoredAsNull() {
    assertThatThrownBy(() -> StreamName.of(null, "Order", "1")).isInstanceOf(InvalidStreamNameException.class)
        .hasMessageStartingWith("invalid tenant id (null)");
    assertThatThrownBy(() -> StreamName.of("acme", null, "1")).isInstanceOf(InvalidStreamNameException.class)
        .hasMessageStartingWith("invalid category (null)");
    assertThatThrownBy(() -> StreamName.of("acme", "Order", null)).isInstanceOf(InvalidStreamNameException.class)
        .hasMessageStartingWith("invalid stream id (null)");
    assertThat(StreamName.isValidId(null)).isFalse();
    assertThatThrownBy(() -> StreamName.parse(null)).isInstanceOf(InvalidStreamNameException.class)
        .hasMessage("stream name is missing: expected tenant:Category-id");
  }

  @Test
  void parsingSplitsAtTheFirstColonAndTheFirstDashAfterIt() {
    assertThat(StreamName.parse("my-shop:Stock-TEE-RED-M")).isEqualTo(StreamName.of("my-shop", "Stock", "TEE-RED-M"));
    assertThat(StreamName.parse("acme:Order-Line-2").category()).isEqualTo("Order");
  }

  @Test
  void parsingRefusesTextWithoutBothSeparatorsAndNamesTheText() {
    for (String bad : List.of("acme", "acme:Order", "Order-1", "", "acme-Order:1")) {
      assertThatThrownBy(() -> StreamName.parse(bad))
          .as("text %s", bad)
          .isInstanceOf(InvalidStreamNameException.class)
          .hasMessage("invalid stream name \"" + bad + "\": expected tenant:Category-id, e.g. acme:Order-42");
    }
  }

  @Test
  void parsingValidatesEveryPartItSplitsOut() {
    assertThatThrownBy(() -> StreamName.parse("Acme:Order-1")).hasMessageStartingWith("invalid tenant id \"Acme\"");
    assertThatThrownBy(() -> StreamName.parse("acme:Or_der-1")).hasMessageStartingWith("invalid category \"Or_der\"");
    assertThatThrownBy(() -> StreamName.parse("acme:Order-")).hasMessageStartingWith("invalid stream id \"\"");
  }

  @Test
  void aLongRefusedValueIsShownCutAtSixtyCharacters() {
    String sixty = "X".repeat(60);
    assertThatThrownBy(() -> StreamName.requireTenant(sixty))
        .hasMessageStartingWith("invalid tenant id \"" + sixty + "\":");
    assertThatThrownBy(() -> StreamName.requireTenant(sixty + "Y"))
        .hasMessageStartingWith("invalid tenant id \"" + sixty + "…\":");
  }
}
