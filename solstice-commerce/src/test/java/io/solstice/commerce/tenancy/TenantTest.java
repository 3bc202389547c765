package io.solstice.commerce.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solstice.commerce.shared.NotFoundException;
import io.solstice.commerce.shared.RuleViolationException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TenantTest {

  private static Tenant.State apply(Tenant.State s, List<Tenant.Event> events) {
    for (Tenant.Event e : events) {
      s = Tenant.evolve(s, e);
    }
    return s;
  }

  private static Tenant.State acme() {
    return apply(Tenant.State.INITIAL, Tenant.provision(Tenant.State.INITIAL, "acme", "Acme", "EUR", "k1", "h1"));
  }

  @Test
  void issuingTheCurrentKeyAgainWritesNothing() {
    assertThat(Tenant.rotateKey(acme(), "acme", "k1", "h1")).isEmpty();
    assertThat(Tenant.rotateKey(acme(), "acme", "k2", "h2")).containsExactly(new Tenant.ApiKeyIssued("k2", "h2"));
  }

  @Test
  void keysPoliciesAndSuspensionsOfATenantThatDoesNotExistAreNotFoundInsteadOfWritten() {
    Tenant.State missing = Tenant.State.INITIAL;
    assertThatThrownBy(() -> Tenant.rotateKey(missing, "ghost", "k1", "h1"))
        .isInstanceOf(NotFoundException.class).hasMessage("tenant 'ghost' was not found");
    assertThatThrownBy(() -> Tenant.changePolicy(missing, "ghost", Policy.defaults("ghost"))).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> Tenant.suspend(missing, "ghost", null)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> Tenant.reinstate(missing, "ghost")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void provisioningAnExistingTenantIsRefused() {
    assertThatThrownBy(() -> Tenant.provision(acme(), "acme", "Acme", "EUR", "k2", "h2"))
        .isInstanceOf(RuleViolationException.class).hasMessageContaining("already exists");
  }

  @Test
  void suspendingAndReinstatingWriteOnce() {
    Tenant.State suspended = apply(acme(), Tenant.suspend(acme(), "acme", "unpaid"));
    assertThat(suspended.suspended()).isTrue();
    assertThat(Tenant.suspend(suspended, "acme", "again")).isEmpty();
    Tenant.State back = apply(suspended, Tenant.reinstate(suspended, "acme"));
    assertThat(back.suspended()).isFalse();
    assertThat(Tenant.reinstate(back, "acme")).isEmpty();
  }
}
