package io.solstice.bench;

import io.solstice.bench.store.StoreBenchCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code solstice bench}: the load benchmarks. Each benchmark is a subcommand listed in {@code
 * subcommands} below (one entry each). Contributed to {@code solstice} by {@link BenchCliExtension}.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    header = "Run load benchmarks that report figures and ratios measured side by side.",
    synopsisSubcommandLabel = "BENCHMARK",
    commandListHeading = "%nBenchmarks:%n",
    subcommands = {
      StoreBenchCommand.class,
      io.solstice.bench.pipeline.PipelineBenchCommand.class,
      io.solstice.bench.checkout.CheckoutBenchCommand.class,
      io.solstice.bench.kafka.KafkaBenchCommand.class,
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  solstice bench store --backend sqlite --seconds 5",
      "  solstice bench store --backend postgres --writers 64 --json"
    })
public final class BenchCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
