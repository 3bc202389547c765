package io.solstice.app.cli.store;

import io.solstice.app.backup.BackupManifest;
import io.solstice.app.backup.StoreRestore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code solstice store restore --from FILE --data DIR}: restores a backup into a new data directory. */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    header = "Restore a backup of the embedded store into a new data directory.",
    description = {
      "",
      "Checks every entry of FILE against its manifest (SHA-256), the database with SQLite's",
      "quick_check and its event count, then puts solstice.db and the secrets (owner-only) in",
      "DIR. DIR must hold no store: nothing is ever overwritten. The analytics service rebuilds",
      "analytics.duckdb from the log on the first start; read models come back with the store.",
      "Then start the server on DIR: solstice serve --data DIR.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {"  solstice store restore --from /backups/solstice-2025-03-01.zip --data /var/lib/solstice-restored"})
public final class StoreRestoreCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--from", paramLabel = "FILE", required = true, description = "A file written by `solstice store backup`.")
  Path from;

  @Option(names = "--data", paramLabel = "DIR", defaultValue = "./data",
      description = "The data directory to restore into; it must hold no store (default: ${DEFAULT-VALUE}).")
  Path data;

  @Override
  public Integer call() {
    StoreRestore.Result result = StoreRestore.restore(from, data);
    BackupManifest m = result.manifest();
    PrintWriter out = spec.commandLine().getOut();
    out.printf("restored %s into %s%n", from.toAbsolutePath().normalize(), result.dataDirectory());
    out.printf("  taken    %s from %s (Solstice %s)%n", m.createdAt(), m.source(), m.solsticeVersion());
    out.printf(Locale.ROOT, "  events   %,d up to position %,d%n", m.events(), m.headPosition());
    out.printf(Locale.ROOT, "  tenants  %,d%n", m.tenants());
    out.printf("  pepper   %s%n", switch (m.pepper()) {
      case BackupManifest.PEPPER_INCLUDED -> "restored";
      case BackupManifest.PEPPER_EXTERNAL -> "external: start the server with the SOLSTICE_KEY_PEPPER the backed-up server used";
      default -> "none in the backup: API keys issued before it will not work";
    });
    out.printf("next: solstice serve --data %s%n", result.dataDirectory());
    out.flush();
    return 0;
  }
}
