package io.solstice.app.cli.store;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code solstice store}: inspect and operate the event store. */
@Command(
    name = "store",
    mixinStandardHelpOptions = true,
    header = "Inspect and operate the event store.",
    synopsisSubcommandLabel = "COMMAND",
    commandListHeading = "%nCommands:%n",
    subcommands = {StoreInfoCommand.class, StoreBackupCommand.class, StoreRestoreCommand.class},
    footerHeading = "%nExamples:%n",
    footer = {
      "  solstice store info",
      "  solstice store info --backend postgres --pg-url jdbc:postgresql://127.0.0.1:5432/solstice?user=postgres",
      "  solstice store backup --to /backups/solstice.zip",
      "  solstice store restore --from /backups/solstice.zip --data ./data-restored"
    })
public final class StoreCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
