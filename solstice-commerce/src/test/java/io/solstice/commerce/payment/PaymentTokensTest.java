package io.solstice.commerce.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solstice.pipeline.PermanentFailureException;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** Payment tokens are stored sealed for one tenant's order, fingerprinted by a keyed hash, and never printed. */
class PaymentTokensTest {
  private static byte[] secret(int fill) {
    byte[] s = new byte[32];
    Arrays.fill(s, (byte) fill);
    return s;
  }

  private final PaymentTokens tokens = PaymentTokens.fromSecret(secret(1));

  @Property(tries = 100)
  void aSealedTokenOpensToItselfForItsOrderAndIsNotStoredInClear(@ForAll @StringLength(min = 1, max = 64) String token) {
    PaymentMethod sealed = tokens.seal("acme", "o1", token);

    assertThat(tokens.open("acme", "o1", sealed)).isEqualTo(token);
    assertThat(sealed.sealedToken()).doesNotContain(token.length() > 5 ? token : "\u0000never");
    assertThat(sealed.fingerprint()).isEqualTo(tokens.fingerprint(token)).startsWith("fp_").hasSize(3 + 24);
  }

  @Test
  void aSealedTokenDoesNotOpenForAnotherOrderOrTenantOrSecret() {
    PaymentMethod sealed = tokens.seal("acme", "o1", "tok_visa_4242");

    for (var open : java.util.List.<Runnable>of(
        () -> tokens.open("acme", "o2", sealed),
        () -> tokens.open("globex", "o1", sealed),
        () -> PaymentTokens.fromSecret(secret(2)).open("acme", "o1", sealed))) {
      assertThatThrownBy(open::run).isInstanceOf(PermanentFailureException.class)
          .hasMessageContaining("cannot be opened with this installation's secret");
    }
  }

  @Test
  void aMaskedOrMissingMethodHasNoTokenToOpen() {
    assertThatThrownBy(() -> tokens.open("acme", "o1", PaymentMethod.MASKED)).isInstanceOf(PermanentFailureException.class)
        .hasMessageContaining("order o1 of tenant acme has no payment token");
    assertThatThrownBy(() -> tokens.open("acme", "o1", null)).isInstanceOf(PermanentFailureException.class);
    assertThatThrownBy(() -> tokens.open("acme", "o1", new PaymentMethod("fp_x", "v9:abc"))).isInstanceOf(PermanentFailureException.class);
  }

  @Test
  void fingerprintsAreEqualForEqualTokensAndDependOnTheSecret() {
    assertThat(tokens.fingerprint("tok_a")).isEqualTo(tokens.fingerprint("tok_a")).isNotEqualTo(tokens.fingerprint("tok_b"));
    assertThat(PaymentTokens.fromSecret(secret(2)).fingerprint("tok_a")).isNotEqualTo(tokens.fingerprint("tok_a"));
    assertThat(tokens.fingerprint("tok_a")).doesNotContain("tok_a");
  }

  @Test
  void theSecretIsAtLeastThirtyTwoBytes() {
    assertThat(PaymentTokens.fromSecret(new byte[32]).fingerprint("t")).startsWith("fp_");
    assertThatThrownBy(() -> PaymentTokens.fromSecret(new byte[31])).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the secret for payment tokens must be at least 32 bytes, was 31");
  }

  @Test
  void aPaymentMethodPrintsItsFingerprintButNeverItsSealedToken() {
    PaymentMethod sealed = tokens.seal("acme", "o1", "tok_card");

    assertThat(sealed.toString()).isEqualTo("PaymentMethod[fingerprint=" + sealed.fingerprint() + ", sealed]")
        .doesNotContain(sealed.sealedToken());
    assertThat(PaymentMethod.MASKED.toString()).isEqualTo("PaymentMethod[fingerprint=masked, no token]");
  }
}
