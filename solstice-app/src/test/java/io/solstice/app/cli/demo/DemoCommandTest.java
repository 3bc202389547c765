package io.solstice.app.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.app.cli.SolsticeCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

  @TempDir Path data;

  @Test
  void smallDemoRunReconcilesItsOrdersMailsAndRevenueAndExitsZero() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int exit = SolsticeCli.run(new String[] {"demo", "--tenants", "2", "--orders", "40", "--shoppers", "8", "--seed", "7", "--data", data.toString()},
        Map.of(), new PrintWriter(out), new PrintWriter(err));

    assertThat(exit).as(out + "\n" + err).isZero();
    String report = out.toString();
    assertThat(report).contains("acme — Acme Outdoor (EUR", "globex — Globex Camping (USD", "all tenants", "reconciled: yes");
    assertThat(report).contains("checkout → confirmation mail p50");
    assertThat(report).contains("data kept in " + data.toAbsolutePath());
    try (Stream<Path> mails = Files.list(data.resolve("mail"))) {
      assertThat(mails.filter(p -> p.toString().endsWith(".eml"))).isNotEmpty();
    }
    assertThat(data.resolve("demo-keys.txt")).content().contains("admin=", "acme=sk_acme_", "globex=sk_globex_");
  }

  @Test
  void badSettingIsRefusedNamingIt() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int exit = SolsticeCli.run(new String[] {"demo", "--orders", "0", "--data", data.toString()}, Map.of(), new PrintWriter(out),
        new PrintWriter(err));

    assertThat(exit).isEqualTo(SolsticeCli.EXIT_FAILED);
    assertThat(err.toString()).contains("--orders must be at least 1, was 0");
  }
}
