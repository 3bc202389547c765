package io.solstice.app.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.app.Platform;
import io.solstice.app.SimulatedFaults;
import io.solstice.app.cli.SolsticeCli;
import io.solstice.commerce.CommerceServices;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {
  private static final String ADMIN_KEY = "simulate-test-admin-key-0123456789";

  @TempDir Path data;

  private Platform start(Set<String> services) {
    return start(services, SimulatedFaults.NONE);
  }

  private Platform start(Set<String> services, SimulatedFaults faults) {
    Platform.Config config = Platform.Config.builder(data).host("127.0.0.1").port(0).services(services).faults(faults)
        .rateLimit(100_000).adminKey(ADMIN_KEY).stopTimeout(Duration.ofSeconds(2)).pollWait(Duration.ofMillis(200)).build();
    return Platform.start(config);
  }

  private record Result(int exit, String out, String err) {}

  private static Result simulate(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = SolsticeCli.run(args, Map.of(), new PrintWriter(out), new PrintWriter(err));
    return new Result(exit, out.toString(), err.toString());
  }

  @Test
  void trafficAgainstARunningServerReconcilesWithLatencyByPolling() {
    try (Platform server = start(Set.copyOf(CommerceServices.NAMES))) {
      Result r = simulate("simulate", "--url", "http://127.0.0.1:" + server.port(), "--admin-key", ADMIN_KEY, "--tenants", "2", "--orders", "30",
          "--shoppers", "6", "--rate", "100");

      assertThat(r.exit()).as(r.out() + "\n" + r.err()).isZero();
      assertThat(r.out()).contains("reconciled: yes", "checkout → confirmed status (polled) p50",
          "mails: not reconciled (no --mail-dir)");
    }
  }

  @Test
  void withTheServersMailDirectoryMailsAreReconciledToo() {
    try (Platform server = start(Set.copyOf(CommerceServices.NAMES))) {
      Result r = simulate("simulate", "--url", "http://127.0.0.1:" + server.port(), "--admin-key", ADMIN_KEY, "--tenants", "1", "--orders", "20",
          "--shoppers", "5", "--mail-dir", data.resolve("mail").toString());

      assertThat(r.exit()).as(r.out() + "\n" + r.err()).isZero();
      assertThat(r.out()).contains("reconciled: yes", "mails match the mail directory", "checkout → confirmation mail p50");
    }
  }

  @Test
  void ordersThatNeverSettleAreReportedAndTheExitCodeIsOne() {
    try (Platform server = start(Set.of())) {
      Result r = simulate("simulate", "--url", "http://127.0.0.1:" + server.port(), "--admin-key", ADMIN_KEY, "--tenants", "1", "--orders", "3",
          "--shoppers", "3", "--settle-timeout", "1");

      assertThat(r.exit()).as(r.out()).isEqualTo(1);
      assertThat(r.out()).contains("reconciled: no").contains("is placed, expected");
    }
  }

  @Test
  void aDeadLetterParkedDuringTheRunIsAMismatch() {
    // the simulated gateway fails its first call in a way no retry fixes: that authorization is parked
    try (Platform server = start(Set.copyOf(CommerceServices.NAMES), new SimulatedFaults(0, 1))) {
      Result r = simulate("simulate", "--url", "http://127.0.0.1:" + server.port(), "--admin-key", ADMIN_KEY, "--tenants", "1", "--orders", "3",
          "--shoppers", "1", "--settle-timeout", "2");

      assertThat(r.exit()).as(r.out()).isEqualTo(1);
      assertThat(r.out()).contains("reconciled: no").contains("parked dead letter of payment: FraudAccepted of ");
    }
  }

  @Test
  void aWrongAdminKeyFailsWithAnExplanation() {
    try (Platform server = start(Set.of())) {
      Result r = simulate("simulate", "--url", "http://127.0.0.1:" + server.port(), "--admin-key", "not-the-key", "--orders", "1");

      assertThat(r.exit()).isEqualTo(SolsticeCli.EXIT_FAILED);
      assertThat(r.err()).contains("refused the admin key (401)");
    }
  }
}
