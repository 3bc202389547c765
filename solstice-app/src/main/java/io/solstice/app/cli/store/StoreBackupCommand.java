package io.solstice.app.cli.store;

import io.solstice.app.backup.BackupManifest;
import io.solstice.app.backup.StoreBackup;
import io.solstice.app.cli.CommandFailedException;
import io.solstice.app.cli.StoreOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code solstice store backup --to FILE}: a consistent online backup of the embedded store and its secrets. */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    header = "Back up the embedded store and its secrets to one file, while the server runs.",
    description = {
      "",
      "Copies DATA/solstice.db with SQLite's VACUUM INTO (one read transaction: every event",
      "acknowledged before the backup began is in it, with read models and checkpoints",
      "consistent), and every file under DATA/secrets (the API-key pepper: without it restored",
      "API keys stop working). A running server keeps serving. The file is a zip with a",
      "MANIFEST.json; it holds the pepper, so it is written owner-only: keep it as secret as",
      "the keys. Restore it with `solstice store restore`.",
      "",
      "analytics.duckdb is not copied (the server holds it open): a restore rebuilds it from",
      "the log. Mails already sent (DATA/mail) are not part of the store either.",
      "For PostgreSQL, use pg_dump or point-in-time recovery (DEPLOY.md, Backup and restore).",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  solstice store backup --to /backups/solstice-$(date +%F).zip",
      "  solstice store backup --data /var/lib/solstice --to /backups/solstice.zip"
    })
public final class StoreBackupCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin StoreOptions store;

  @Option(names = "--to", paramLabel = "FILE", required = true, description = "The backup file to write (it must not exist yet).")
  Path to;

  /** Set from SOLSTICE_KEY_PEPPER like serve's: then the pepper is not in the data directory. */
  @Option(names = "--key-pepper", hidden = true)
  String keyPepper;

  @Override
  public Integer call() {
    if (store.backend() != StoreOptions.Backend.sqlite) {
      throw new CommandFailedException("store backup copies the embedded SQLite store; back PostgreSQL up with pg_dump or "
          + "point-in-time recovery (DEPLOY.md, 'Backup and restore'), and keep the API-key pepper with it");
    }
    boolean externalPepper = keyPepper != null && !keyPepper.isBlank();
    StoreBackup.Result result = StoreBackup.create(store.dataDirectory(), to, externalPepper, Clock.systemUTC());
    BackupManifest m = result.manifest();
    PrintWriter out = spec.commandLine().getOut();
    out.printf("backed up %s to %s%n", m.source(), result.file());
    out.printf(Locale.ROOT, "  events   %,d up to position %,d%n", m.events(), m.headPosition());
    out.printf(Locale.ROOT, "  tenants  %,d%n", m.tenants());
    out.printf("  pepper   %s%n", switch (m.pepper()) {
      case BackupManifest.PEPPER_INCLUDED -> "included";
      case BackupManifest.PEPPER_EXTERNAL -> "external (SOLSTICE_KEY_PEPPER): keep that value with this backup";
      default -> "none in " + store.dataDirectory().resolve("secrets") + " (no server has started on this data directory?)";
    });
    out.printf(Locale.ROOT, "  size     %,.1f MB in %,d ms%n", result.bytes() / 1e6, result.took().toMillis());
    out.flush();
    return 0;
  }
}
