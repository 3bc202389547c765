package io.solstice.bench.chaos;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code solstice chaos}: the reliability harnesses that run the platform as child processes and
 * break it on purpose. Contributed to {@code solstice} by {@link ChaosCliExtension}.
 */
@Command(
    name = "chaos",
    mixinStandardHelpOptions = true,
    header = "Break the platform on purpose (kill it under load) and check that nothing was lost.",
    synopsisSubcommandLabel = "HARNESS",
    commandListHeading = "%nHarnesses:%n",
    subcommands = {CrashCommand.class},
    footerHeading = "%nExamples:%n",
    footer = {"  solstice chaos crash", "  solstice chaos crash --kills 200 --json"})
public final class ChaosCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
