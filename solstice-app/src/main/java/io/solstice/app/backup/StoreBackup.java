package io.solstice.app.backup;

import io.solstice.app.Secrets;
import io.solstice.app.Version;
import io.solstice.core.codec.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Takes a consistent online backup of an embedded (SQLite) store: one zip file holding {@value
 * BackupManifest#ENTRY}, a copy of {@code solstice.db} and every file under {@code DATA/secrets}
 * (the API-key pepper, without which restored API keys stop working).
 *
 * <p>The copy is made with SQLite's {@code VACUUM INTO}, which reads the whole database in one read
 * transaction: it holds exactly the transactions committed before it started, so every event
 * acknowledged before the backup began is in it, and read models and checkpoints (tables of the
 * same database) are consistent with the events. A running server keeps appending meanwhile (WAL
 * readers never block the writer). The file is written beside the target and moved into place only
 * when complete, with owner-only permissions: it holds the pepper, so treat it as a secret.
 */
public final class StoreBackup {

  /** The store's file inside the data directory. */
  public static final String DATABASE_FILE = "solstice.db";

  /** The directory of secrets inside the data directory. */
  public static final String SECRETS_DIRECTORY = "secrets";

  /**
   * What a backup wrote.
   *
   * @param file the backup file
   * @param manifest what it holds
   * @param bytes its size
   * @param took how long it took
   */
  public record Result(Path file, BackupManifest manifest, long bytes, Duration took) {}

  private StoreBackup() {}

  /**
   * Backs up the store in {@code dataDirectory} to {@code target}, which must not exist yet.
   *
   * @param pepperIsExternal true when the server takes its pepper from {@code SOLSTICE_KEY_PEPPER}
   *     (then no pepper file is expected, and the manifest says {@code external})
   * @throws BackupException if there is no store there, the target exists, or copying fails
   */
  public static Result create(Path dataDirectory, Path target, boolean pepperIsExternal, Clock clock) {
    long started = System.nanoTime();
    Path database = dataDirectory.resolve(DATABASE_FILE).toAbsolutePath().normalize();
    if (!Files.isRegularFile(database)) {
      throw new BackupException("no store at " + database + "; pass the data directory of the server with --data DIR (or SOLSTICE_DATA)");
    }
    Path file = target.toAbsolutePath().normalize();
    if (Files.exists(file)) {
      throw new BackupException(file + " already exists; choose a new file (e.g. one named for the date) or delete it first");
    }
    Path directory = file.getParent();
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new BackupException("cannot create the directory " + directory + " for the backup (" + e + ")", e);
    }
    Path work = null;
    try {
      work = Files.createTempDirectory(directory, ".solstice-backup-");
      Path copy = work.resolve(DATABASE_FILE);
      vacuumInto(database, copy);
      StoreFacts facts = StoreFacts.of(copy);

      List<Path> secrets = secretFiles(dataDirectory.resolve(SECRETS_DIRECTORY));
      Path pepperFile = dataDirectory.resolve(Secrets.PEPPER_FILE);
      String pepper = pepperIsExternal ? BackupManifest.PEPPER_EXTERNAL
          : Files.isRegularFile(pepperFile) ? BackupManifest.PEPPER_INCLUDED : BackupManifest.PEPPER_MISSING;

      Map<String, Path> entries = new LinkedHashMap<>();
      entries.put(BackupManifest.DATABASE_ENTRY, copy);
      for (Path secret : secrets) {
        entries.put(SECRETS_DIRECTORY + "/" + dataDirectory.resolve(SECRETS_DIRECTORY).relativize(secret).toString().replace('\\', '/'), secret);
      }
      Map<String, String> digests = new LinkedHashMap<>();
      for (Map.Entry<String, Path> entry : entries.entrySet()) {
        digests.put(entry.getKey(), sha256(entry.getValue()));
      }
      BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT, Version.solstice(), clock.instant(), database.toString(),
          facts.headPosition(), facts.events(), facts.tenants(), pepper, digests);

      Path partial = work.resolve("backup.zip");
      ownerOnly(Files.createFile(partial));
      try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(partial))) {
        zip.putNextEntry(new ZipEntry(BackupManifest.ENTRY));
        zip.write(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
        zip.closeEntry();
        for (Map.Entry<String, Path> entry : entries.entrySet()) {
          zip.putNextEntry(new ZipEntry(entry.getKey()));
          Files.copy(entry.getValue(), zip);
          zip.closeEntry();
        }
      }
      try (var channel = java.nio.channels.FileChannel.open(partial, java.nio.file.StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      try {
        Files.createLink(file, partial);
      } catch (UnsupportedOperationException e) {
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
      }
      return new Result(file, manifest, Files.size(file), Duration.ofNanos(System.nanoTime() - started));
    } catch (FileAlreadyExistsException e) {
      throw new BackupException(file + " appeared while the backup was written; nothing was overwritten. Choose a new file", e);
    } catch (IOException e) {
      throw new BackupException("cannot write the backup " + file + " (" + e + "); check free space and permissions in " + directory, e);
    } finally {
      deleteTree(work);
    }
  }

  /** Copies the live database with one read transaction ({@code VACUUM INTO}); the server may keep writing. */
  private static void vacuumInto(Path database, Path copy) {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
        Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA busy_timeout = 10000");
      statement.execute("VACUUM INTO '" + copy.toString().replace("'", "''") + "'");
    } catch (SQLException e) {
      throw new BackupException("cannot copy " + database + " (" + e.getMessage() + "); check that it is a Solstice store and readable", e);
    }
  }

  private static List<Path> secretFiles(Path secrets) throws IOException {
    if (!Files.isDirectory(secrets)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(secrets)) {
      return files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    }
  }

  static String sha256(Path file) throws IOException {
    MessageDigest digest = sha256();
    try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
      Files.copy(file, out);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }

  static void ownerOnly(Path file) throws IOException {
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(Files.isDirectory(file) ? "rwx------" : "rw-------"));
    }
  }

  static void deleteTree(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the temporary directory " + root, e);
    }
  }

  /** Head position, event and tenant counts of an SQLite store file. */
  record StoreFacts(long headPosition, long events, long tenants) {
    static StoreFacts of(Path database) {
      try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
          Statement statement = connection.createStatement();
          ResultSet events = statement.executeQuery("SELECT coalesce(max(position), 0), count(*) FROM events")) {
        long head = events.getLong(1);
        long count = events.getLong(2);
        try (ResultSet tenants = statement.executeQuery("SELECT count(*) FROM tenants")) {
          return new StoreFacts(head, count, tenants.getLong(1));
        }
      } catch (SQLException e) {
        throw new BackupException("cannot read " + database + " as a Solstice store (" + e.getMessage() + ")", e);
      }
    }
  }
}
