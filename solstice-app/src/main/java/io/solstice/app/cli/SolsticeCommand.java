package io.solstice.app.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top command, {@code solstice}: prints help when called without a subcommand. */
@Command(
    name = "solstice",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    usageHelpAutoWidth = true,
    header = "Solstice: a multi-tenant, event-sourced commerce platform.",
    synopsisSubcommandLabel = "COMMAND",
    description = {
      "",
      "Settings: a flag, else the environment variable SOLSTICE_<FLAG> (--pg-url from",
      "SOLSTICE_PG_URL), else a properties file (--config, SOLSTICE_CONFIG or",
      "./solstice.properties) whose keys are flag names, optionally prefixed by the",
      "command (bench.store.writers=32), else the built-in default.",
      "Logs go to stderr; SOLSTICE_LOG_LEVEL=DEBUG shows more.",
      ""
    },
    commandListHeading = "%nCommands:%n",
    footerHeading = "%nExamples:%n",
    footer = {
      "  solstice bench store --backend sqlite --seconds 5",
      "  solstice store info --data ./data",
      "  solstice bench store --help",
      "",
      "Run `solstice COMMAND --help` for a command's options."
    })
public final class SolsticeCommand implements Runnable {

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      description = "Properties file with default settings (else SOLSTICE_CONFIG, else ./solstice.properties if present).")
  Path config;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
