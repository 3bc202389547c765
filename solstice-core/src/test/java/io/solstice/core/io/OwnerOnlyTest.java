package io.solstice.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What Solstice creates on disk is readable by its owner only, and durable writes are all or nothing. */
@EnabledOnOs({OS.LINUX, OS.MAC}) // POSIX file systems
class OwnerOnlyTest {
  @TempDir Path dir;

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void everyMissingDirectoryIsCreatedOwnerOnly() throws IOException {
    Path deep = dir.resolve("a/b/c");

    assertThat(OwnerOnly.directories(deep)).isEqualTo(deep);

    assertThat(mode(dir.resolve("a"))).isEqualTo("rwx------");
    assertThat(mode(dir.resolve("a/b"))).isEqualTo("rwx------");
    assertThat(mode(deep)).isEqualTo("rwx------");
  }

  @Test
  void anExistingDirectoryIsLeftAsItIs() throws IOException {
    Path shared = Files.createDirectory(dir.resolve("shared"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));

    assertThat(OwnerOnly.directories(shared)).isEqualTo(shared);
    OwnerOnly.directories(shared.resolve("own"));

    assertThat(mode(shared)).isEqualTo("rwxr-xr-x");
    assertThat(mode(shared.resolve("own"))).isEqualTo("rwx------");
  }

  @Test
  void aFileWhereADirectoryIsAskedForIsAnError() throws IOException {
    Path file = Files.writeString(dir.resolve("file"), "x");

    assertThatThrownBy(() -> OwnerOnly.directories(file)).isInstanceOf(FileAlreadyExistsException.class);
  }

  @Test
  void newFileAttributesAreOwnerReadWriteOnly() throws IOException {
    Path file = Files.createFile(dir.resolve("secret"), OwnerOnly.fileAttributes(dir));

    assertThat(mode(file)).isEqualTo("rw-------");
  }

  @Test
  void restrictNarrowsFilesAndDirectoriesAndIgnoresWhatIsMissing() throws IOException {
    Path file = Files.writeString(dir.resolve("db.sqlite"), "x");
    Path sub = Files.createDirectory(dir.resolve("wal"));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwxr-xr-x"));

    OwnerOnly.restrict(file);
    OwnerOnly.restrict(sub);
    OwnerOnly.restrict(dir.resolve("missing"));

    assertThat(mode(file)).isEqualTo("rw-------");
    assertThat(mode(sub)).isEqualTo("rwx------");
    assertThat(dir.resolve("missing")).doesNotExist();
  }

  @Test
  void aDurableWriteLeavesTheWholeContentOwnerOnlyAndNoTemporaryFile() throws IOException {
    Path target = dir.resolve("out/server.json");
    byte[] content = "{\"port\":8080}".repeat(1000).getBytes(StandardCharsets.UTF_8);

    OwnerOnly.createDurably(target, content);

    assertThat(Files.readAllBytes(target)).isEqualTo(content);
    assertThat(mode(target)).isEqualTo("rw-------");
    assertThat(mode(target.getParent())).isEqualTo("rwx------");
    try (var files = Files.list(target.getParent())) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void aDurableWriteNeverReplacesAnExistingFile() throws IOException {
    Path target = dir.resolve("mail.eml");
    OwnerOnly.createDurably(target, "first".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> OwnerOnly.createDurably(target, "second".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(FileAlreadyExistsException.class);

    assertThat(Files.readString(target)).isEqualTo("first");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(target);
    }
  }
}
