package io.solstice.app.backup;

import io.solstice.app.Secrets;
import io.solstice.commerce.analytics.AnalyticsService;
import io.solstice.core.codec.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Restores a backup written by {@link StoreBackup} into a data directory that holds no store yet.
 *
 * <p>Every entry is checked against the manifest's SHA-256 before anything lands in the data
 * directory; the database must pass SQLite's {@code quick_check} and hold the manifest's event
 * count and head position. Then the database and the secrets (owner-only permissions) are moved in.
 * The analytics database ({@code analytics.duckdb}) is not in a backup, since the server holds it
 * open: the {@code analytics} service's checkpoints are cleared so that it rebuilds it from the log
 * on the first start. Read models are tables of the store's database and come back consistent with
 * it; the other services resume from their restored checkpoints.
 */
public final class StoreRestore {

  /**
   * What a restore did.
   *
   * @param dataDirectory the data directory restored into
   * @param manifest the backup's manifest
   * @param took how long it took
   */
  public record Result(Path dataDirectory, BackupManifest manifest, Duration took) {}

  private StoreRestore() {}

  /**
   * Restores {@code backup} into {@code dataDirectory} (created if missing).
   *
   * @throws BackupException if the directory already holds a store or secrets, or the backup is
   *     unreadable, of another format, or damaged; the data directory is then left as it was
   */
  public static Result restore(Path backup, Path dataDirectory) {
    long started = System.nanoTime();
    Path source = backup.toAbsolutePath().normalize();
    Path data = dataDirectory.toAbsolutePath().normalize();
    if (!Files.isRegularFile(source)) {
      throw new BackupException("no backup file at " + source + "; pass the file written by `solstice store backup --to FILE`");
    }
    Path database = data.resolve(StoreBackup.DATABASE_FILE);
    Path secrets = data.resolve(StoreBackup.SECRETS_DIRECTORY);
    for (Path existing : new Path[] {database, data.resolve(Secrets.PEPPER_FILE)}) {
      if (Files.exists(existing)) {
        throw new BackupException(existing + " already exists: restore into a new, empty data directory (nothing was changed), "
            + "then start the server with --data on it");
      }
    }
    Path work = null;
    try {
      Files.createDirectories(data);
      work = Files.createTempDirectory(data, ".solstice-restore-");
      StoreBackup.ownerOnly(work);
      BackupManifest manifest = unpack(source, work);
      Path restoredDatabase = work.resolve(BackupManifest.DATABASE_ENTRY);
      verifyAndPrepare(restoredDatabase, manifest, source);

      if (Files.isDirectory(work.resolve(StoreBackup.SECRETS_DIRECTORY))) {
        Files.createDirectories(secrets);
        StoreBackup.ownerOnly(secrets);
        try (var files = Files.walk(work.resolve(StoreBackup.SECRETS_DIRECTORY))) {
          for (Path file : files.filter(Files::isRegularFile).toList()) {
            Path target = secrets.resolve(work.resolve(StoreBackup.SECRETS_DIRECTORY).relativize(file).toString());
            Files.createDirectories(target.getParent());
            StoreBackup.ownerOnly(file);
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
          }
        }
      }
      // The database last: its presence is what makes the directory a store.
      Files.move(restoredDatabase, database, StandardCopyOption.ATOMIC_MOVE);
      return new Result(data, manifest, Duration.ofNanos(System.nanoTime() - started));
    } catch (IOException e) {
      throw new BackupException("cannot restore " + source + " into " + data + " (" + e + "); check free space and permissions", e);
    } finally {
      StoreBackup.deleteTree(work);
    }
  }

  /** Unpacks the manifest and the entries it lists into {@code work}, checking each one's SHA-256. */
  private static BackupManifest unpack(Path source, Path work) throws IOException {
    BackupManifest manifest = null;
    Map<String, String> seen = new HashMap<>();
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(source))) {
      ZipEntry entry = zip.getNextEntry();
      if (entry == null || !entry.getName().equals(BackupManifest.ENTRY)) {
        throw new BackupException(source + " is not a Solstice backup (its first entry is not " + BackupManifest.ENTRY + ")");
      }
      try {
        manifest = Json.mapper().readValue(zip.readAllBytes(), BackupManifest.class);
      } catch (IOException | RuntimeException e) {
        throw new BackupException(source + " has an unreadable " + BackupManifest.ENTRY + " (" + e.getMessage() + ")", e);
      }
      if (manifest.format() != BackupManifest.FORMAT) {
        throw new BackupException(source + " is a backup of format " + manifest.format() + " (written by Solstice " + manifest.solsticeVersion()
            + "); this version reads format " + BackupManifest.FORMAT + ": restore it with the version that wrote it");
      }
      if (!manifest.files().containsKey(BackupManifest.DATABASE_ENTRY)) {
        throw new BackupException(source + " lists no " + BackupManifest.DATABASE_ENTRY + "; it is not a store backup");
      }
      while ((entry = zip.getNextEntry()) != null) {
        String name = entry.getName();
        String expected = manifest.files().get(name);
        if (expected == null || entry.isDirectory()) {
          throw new BackupException(source + " holds an entry " + name + " that its manifest does not list; it is damaged or not a Solstice backup");
        }
        Path target = work.resolve(name).normalize();
        if (!target.startsWith(work) || target.equals(work)) {
          throw new BackupException(source + " holds an entry named " + name + " outside the data directory; refusing it");
        }
        Files.createDirectories(target.getParent());
        MessageDigest digest = StoreBackup.sha256();
        try (InputStream in = new DigestInputStream(zip, digest) {
          @Override
          public void close() {
            // leave the zip stream open for the next entry
          }
        }) {
          Files.copy(in, target);
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(expected)) {
          throw new BackupException(source + ": " + name + " does not match its checksum (SHA-256 " + actual + ", manifest " + expected
              + "); the file is damaged: use another backup");
        }
        seen.put(name, actual);
      }
    }
    for (String listed : manifest.files().keySet()) {
      if (!seen.containsKey(listed)) {
        throw new BackupException(source + " lacks " + listed + ", which its manifest lists; the file is truncated or damaged: use another backup");
      }
    }
    return manifest;
  }

  /**
   * Checks the database copy (integrity, event count, head position) and clears the checkpoints of
   * the services whose state is not in the backup.
   */
  private static void verifyAndPrepare(Path database, BackupManifest manifest, Path source) {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
        Statement statement = connection.createStatement()) {
      try (ResultSet check = statement.executeQuery("PRAGMA quick_check")) {
        String result = check.next() ? check.getString(1) : "no answer";
        if (!"ok".equals(result)) {
          throw new BackupException(source + " holds a damaged database (SQLite quick_check: " + result + "); use another backup");
        }
      }
      StoreBackup.StoreFacts facts = StoreBackup.StoreFacts.of(database);
      if (facts.events() != manifest.events() || facts.headPosition() != manifest.headPosition()) {
        throw new BackupException(source + " holds " + facts.events() + " events up to position " + facts.headPosition() + " but its manifest says "
            + manifest.events() + " up to " + manifest.headPosition() + "; it is damaged: use another backup");
      }
      try (var clear = connection.prepareStatement("DELETE FROM checkpoints WHERE service = ?")) {
        clear.setString(1, AnalyticsService.NAME);
        clear.executeUpdate();
      }
    } catch (SQLException e) {
      throw new BackupException("cannot read the database in " + source + " (" + e.getMessage() + "); it is damaged or not a Solstice store", e);
    }
  }
}
