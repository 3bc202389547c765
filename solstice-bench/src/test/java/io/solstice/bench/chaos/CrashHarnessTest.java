package io.solstice.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solstice.app.cli.SolsticeCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code solstice chaos crash} at CI size: 20 SIGKILLs ({@code -Dsolstice.chaos.kills=N} for more) of the embedded platform under load, then
 * every check must hold. Then, on the data the run kept, the checks are shown to bite: an
 * acknowledged order that is not in the log, and a confirmation mail sent twice, are each reported.
 */
class CrashHarnessTest {

  @Test
  void twentyKillsUnderLoadLoseAndDuplicateNothing() throws Exception {
    Path data = Path.of("target", "chaos-crash", Long.toString(System.currentTimeMillis())).toAbsolutePath();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int kills = Integer.getInteger("solstice.chaos.kills", 20);
    int exit = SolsticeCli.run(new String[] {"chaos", "crash", "--kills", Integer.toString(kills), "--min-uptime-ms", "100", "--max-uptime-ms", "1000",
        "--data", data.toString(), "--keep", "--json"}, Map.of(), new PrintWriter(out), new PrintWriter(err));
    System.err.print(err);
    System.out.print(out);
    assertThat(exit).as("exit code; stderr:%n%s", err).isZero();
    JsonNode report = new ObjectMapper().readTree(out.toString().strip());
    assertThat(report.path("kills").asInt()).isEqualTo(kills);
    assertThat(report.path("ordersAcknowledged").asLong()).isPositive();
    assertThat(report.path("ordersVerified").asLong()).isEqualTo(report.path("ordersAcknowledged").asLong());
    assertThat(report.path("confirmedOrders").asLong()).isPositive();
    assertThat(report.path("confirmationMails").asLong()).isEqualTo(report.path("confirmedOrders").asLong());
    assertThat(report.path("lost").asLong()).isZero();
    assertThat(report.path("duplicated").asLong()).isZero();
    assertThat(err.toString()).contains("seed ", "kill " + kills + "/" + kills);

    LogChecks checks = new LogChecks(data);
    assertThat(checks.missingOrders(List.of(new LogChecks.Acknowledged("chaos-1", "ORDER-NEVER-PLACED"))))
        .singleElement().asString().contains("ORDER-NEVER-PLACED", "not in the log");
    Path mail;
    try (Stream<Path> mails = Files.list(data.resolve("mail"))) {
      mail = mails.filter(m -> readQuietly(m).contains(" confirmed")).findFirst().orElseThrow();
    }
    Files.copy(mail, mail.resolveSibling("copy-" + mail.getFileName()));
    assertThat(checks.confirmationMails()).singleElement().asString().contains("has 2 confirmation mails");
  }

  private static String readQuietly(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
