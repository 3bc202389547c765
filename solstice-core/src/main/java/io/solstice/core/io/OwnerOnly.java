package io.solstice.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Files and directories that only their owner may read: Solstice's data (the store, analytics,
 * mail files, secrets, {@code server.json}) holds personal data and secrets, so everything it
 * creates is {@code rw-------} (files) or {@code rwx------} (directories), set atomically at creation
 * where the platform allows, never widened afterwards. On a file system without POSIX permissions
 * the calls create files as the platform does.
 */
public final class OwnerOnly {
  private OwnerOnly() {}

  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

  /** Whether {@code path}'s file system has POSIX permissions. */
  public static boolean posix(Path path) {
    return path.toAbsolutePath().getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  /** Attributes for a new file: {@code rw-------} where POSIX, none elsewhere. */
  public static FileAttribute<?>[] fileAttributes(Path path) {
    return posix(path) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
  }

  /**
   * Creates {@code directory} and its missing parents, each created one {@code rwx------};
   * directories that exist are left as they are.
   *
   * @return {@code directory}
   */
  public static Path directories(Path directory) throws IOException {
    Path dir = directory.toAbsolutePath();
    if (Files.isDirectory(dir)) {
      return directory;
    }
    if (!posix(dir)) {
      Files.createDirectories(dir);
      return directory;
    }
    Path parent = dir.getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      directories(parent);
    }
    try {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
      // the mode given to mkdir passes through the umask: set it exactly
      Files.setPosixFilePermissions(dir, DIRECTORY);
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir)) {
        throw e;
      }
    }
    return directory;
  }

  /**
   * Narrows an existing file to {@code rw-------} (a directory to {@code rwx------}); does nothing
   * when it does not exist or the file system has no POSIX permissions. For files a library
   * creates itself (SQLite, DuckDB).
   */
  public static void restrict(Path path) throws IOException {
    if (posix(path) && Files.exists(path)) {
      Files.setPosixFilePermissions(path, Files.isDirectory(path) ? DIRECTORY : FILE);
    }
  }

  /**
   * Writes {@code bytes} to a new file {@code target} durably and atomically: a temporary file
   * ({@code rw-------}) in the same directory is written and forced to disk, then linked to {@code
   * target} (a link never replaces an existing file), and the directory is forced so the name
   * survives a crash too. When the call returns, the content and its name are on disk.
   *
   * @throws FileAlreadyExistsException if {@code target} exists (another writer was first)
   */
  public static void createDurably(Path target, byte[] bytes) throws IOException {
    Path dir = Objects.requireNonNull(target.toAbsolutePath().getParent(), () -> target + " has no parent directory");
    directories(dir);
    Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp", fileAttributes(dir));
    try {
      try (FileChannel channel = FileChannel.open(temp, EnumSet.of(StandardOpenOption.WRITE))) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.createLink(target, temp);
      } catch (UnsupportedOperationException e) {
        Files.move(temp, target);
      }
      forceDirectory(dir);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Forces a directory's entries to disk (best effort: not every platform can sync a directory). */
  public static void forceDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // the platform cannot sync directories: the entry is written, only not forced
    }
  }
}
