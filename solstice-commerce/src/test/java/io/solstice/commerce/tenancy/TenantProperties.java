package io.solstice.commerce.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.commerce.shared.Decisions;
import io.solstice.commerce.shared.Decisions.Outcome;
import io.solstice.commerce.shared.InvalidInputException;
import io.solstice.commerce.shared.NotFoundException;
import io.solstice.commerce.shared.RuleViolationException;
import java.math.BigDecimal;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the {@link Tenant} decider. A tenant has no end state (a suspension can be lifted),
 * so the missing tenant is the one edge case; provisioning twice is refused, never re-keyed.
 */
class TenantProperties {

  private static final Policy SHIP = Policy.defaults("acme");
  private static final Policy CONFIRM = new Policy(new BigDecimal("0.19"), new BigDecimal("500"), Policy.CaptureOn.CONFIRM,
      "shop@acme.example", 2);

  sealed interface Command {}

  record Provision(String name, String currency) implements Command {}

  record RotateKey(String keyId) implements Command {}

  record ChangePolicy(Policy policy) implements Command {}

  record Suspend() implements Command {}

  record Reinstate() implements Command {}

  static Outcome<Tenant.Event> decide(Tenant.State s, Command c) {
    return Decisions.attempt(() -> switch (c) {
      case Provision p -> Tenant.provision(s, "acme", p.name(), p.currency(), "k0", "h-k0");
      case RotateKey k -> Tenant.rotateKey(s, "acme", k.keyId(), "h-" + k.keyId());
      case ChangePolicy p -> Tenant.changePolicy(s, "acme", p.policy());
      case Suspend x -> Tenant.suspend(s, "acme", "unpaid");
      case Reinstate x -> Tenant.reinstate(s, "acme");
    });
  }

  static Tenant.State fold(Tenant.State s, List<Tenant.Event> events) {
    for (Tenant.Event e : events) {
      s = Tenant.evolve(s, e);
    }
    return s;
  }

  @Provide
  Arbitrary<List<Command>> histories() {
    Arbitrary<Command> provision = Combinators.combine(Arbitraries.of("Acme", " "), Arbitraries.of("EUR", "EUR", "XYZ")).as(Provision::new);
    Arbitrary<Command> any = Arbitraries.oneOf(provision, Arbitraries.of("k1", "k2").map(RotateKey::new),
        Arbitraries.of(SHIP, CONFIRM).map(ChangePolicy::new), Arbitraries.just(new Suspend()), Arbitraries.just(new Reinstate()));
    return any.list().ofMaxSize(12);
  }

  @Property(tries = 300)
  void repeatingACommandAppendsNothing(@ForAll("histories") List<Command> history) {
    Tenant.State s = Tenant.State.INITIAL;
    for (Command c : history) {
      Outcome<Tenant.Event> first = decide(s, c);
      s = fold(s, first.events());
      assertThat(decide(s, c).events()).as("%s repeated", c).isEmpty();
    }
  }

  /** The model: provisioned once with key k0 and the default policy; then keys, policy and suspension as last set. */
  @Property(tries = 300)
  void foldAndDecideAgreeWithTheModel(@ForAll("histories") List<Command> history) {
    Tenant.State s = Tenant.State.INITIAL;
    boolean exists = false;
    String key = null;
    Policy policy = null;
    boolean suspended = false;
    for (Command c : history) {
      Outcome<Tenant.Event> outcome = decide(s, c);
      if (!exists && !(c instanceof Provision)) {
        assertRefused(outcome, NotFoundException.class);
      } else {
        switch (c) {
          case Provision p -> {
            if (exists) {
              assertRefused(outcome, RuleViolationException.class);
            } else if (p.name().isBlank() || !p.currency().equals("EUR")) {
              assertRefused(outcome, InvalidInputException.class);
            } else {
              exists = true;
              key = "k0";
              policy = Policy.defaults("acme");
            }
          }
          case RotateKey k -> key = k.keyId();
          case ChangePolicy p -> policy = p.policy();
          case Suspend x -> suspended = true;
          case Reinstate x -> suspended = false;
        }
      }
      s = fold(s, outcome.events());
      assertThat(s.exists()).isEqualTo(exists);
      assertThat(s.keyId()).isEqualTo(key);
      assertThat(s.keyHash()).isEqualTo(key == null ? null : "h-" + key);
      assertThat(s.policy()).isEqualTo(policy);
      assertThat(s.suspended()).isEqualTo(suspended);
    }
  }

  @Property(tries = 100)
  void noCommandOnAMissingTenantThrowsOrWritesAnythingButAProvisioning(@ForAll("histories") List<Command> commands) {
    for (Command c : commands) {
      Outcome<Tenant.Event> outcome = decide(Tenant.State.INITIAL, c);
      if (c instanceof Provision) {
        assertThat(outcome.events()).allMatch(e -> e instanceof Tenant.Provisioned || e instanceof Tenant.ApiKeyIssued);
      } else {
        assertRefused(outcome, NotFoundException.class);
      }
    }
  }

  private static void assertRefused(Outcome<Tenant.Event> outcome, Class<? extends Exception> error) {
    assertThat(outcome).isInstanceOfSatisfying(Outcome.Refused.class, r -> assertThat(r.error()).isInstanceOf(error));
  }
}
