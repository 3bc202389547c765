package io.solstice.bench.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solstice.app.cli.SolsticeCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckoutBenchCommandTest {

  @TempDir Path data;

  @Test
  void shortRunAgainstAChildServerReportsTheContractFieldsAndLosesNothing() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int exit = SolsticeCli.run(new String[] {"bench", "checkout", "--seconds", "1", "--warmup", "0", "--shoppers", "4", "--tenants", "1", "--json",
        "--quiet", "--server-opts", "-Xmx256m", "--server-args", "--fuse-reactions=false", "--data", data.toString()}, Map.of(),
        new PrintWriter(out), new PrintWriter(err));

    assertThat(exit).as(out + "\n" + err).isZero();
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.get("server_args").asText()).isEqualTo("--fuse-reactions=false");
    assertThat(json.fieldNames()).toIterable().contains("orders_per_sec", "p50_ms", "p99_ms", "server_rss_mb", "http_ceiling_rps", "lost",
        "unsettled", "mails_missing", "dead_letters_parked", "target_met");
    assertThat(json.get("orders").asLong()).isPositive();
    assertThat(json.get("orders_per_sec").asDouble()).isPositive();
    assertThat(json.get("server_rss_mb").asDouble()).isPositive();
    assertThat(json.get("lost").asLong()).isZero();
    assertThat(json.get("unsettled").asLong()).isZero();
    assertThat(json.get("mails_missing").asLong()).isZero();
    assertThat(json.get("dead_letters_parked").asLong()).isZero();
    try (Stream<Path> left = Files.list(data)) {
      assertThat(left).as("the server's data directory is deleted unless --keep").isEmpty();
    }
  }

  @Test
  void offersTheSharedTrafficFlagsWithItsOwnDefaultsAndChecksThemBeforeStartingAServer() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    assertThat(SolsticeCli.run(new String[] {"bench", "checkout", "--help"}, Map.of(), new PrintWriter(out), new PrintWriter(err))).isZero();
    assertThat(out.toString()).contains("--shoppers=N", "(default: 64)", "--seed=N", "--rate=ORDERS_PER_S", "--settle-timeout=SECONDS",
        "(default: 120)");

    int exit = SolsticeCli.run(new String[] {"bench", "checkout", "--shoppers", "0", "--data", data.toString()}, Map.of(), new PrintWriter(out),
        new PrintWriter(err));
    assertThat(exit).isEqualTo(SolsticeCli.EXIT_FAILED);
    assertThat(err.toString()).contains("--shoppers must be 1-10000, was 0");
  }
}
