package io.solstice.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.app.Secrets;
import io.solstice.app.http.TestServer.Tenant;
import io.solstice.commerce.analytics.AnalyticsDatabase;
import io.solstice.core.io.OwnerOnly;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, fix 6: data files and directories were created with the process's umask (usually
 * readable by every local user): the store, analytics, mail files with customers' addresses and
 * secrets. Now everything Solstice creates in its data directory is owner-only, and the key pepper
 * is forced to disk before any key hash is written.
 */
class DataFilesAreOwnerOnlyTest {
  @TempDir Path root;

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void everythingCreatedInAFreshDataDirectoryIsOwnerOnly() throws IOException {
    Assumptions.assumeTrue(OwnerOnly.posix(root), "POSIX permissions");
    Path data = root.resolve("fresh/data");
    try (TestServer server = TestServer.start(data)) {
      Tenant t = server.tenant("EUR");
      server.product(t, "TEE", "10.00", 5);
      server.order(t, "TEE", 1, "ana@example.com", "tok_approve");
      io.solstice.testkit.Await.until("a mail is written", () -> mailFiles(data.resolve("mail")) > 0);

      assertThat(mode(root.resolve("fresh"))).isEqualTo("rwx------");
      assertThat(mode(data)).isEqualTo("rwx------");
      assertThat(mode(data.resolve("solstice.db"))).isEqualTo("rw-------");
      assertThat(mode(data.resolve(AnalyticsDatabase.FILE_NAME))).isEqualTo("rw-------");
      assertThat(mode(data.resolve("mail"))).isEqualTo("rwx------");
      try (Stream<Path> mails = Files.list(data.resolve("mail"))) {
        assertThat(mails.filter(p -> p.toString().endsWith(".eml")).toList())
            .isNotEmpty().allSatisfy(p -> assertThat(mode(p)).isEqualTo("rw-------"));
      }
      assertThat(mode(data.resolve("server.json"))).isEqualTo("rw-------");
    }
  }

  @Test
  void thePepperIsCreatedOwnerOnlyAndCompleteBeforeItIsUsed() throws IOException {
    Assumptions.assumeTrue(OwnerOnly.posix(root), "POSIX permissions");
    byte[] fresh = new byte[32];
    fresh[0] = 7;

    byte[] pepper = Secrets.pepper(null, root.resolve("data"), () -> fresh);

    Path file = root.resolve("data").resolve(Secrets.PEPPER_FILE);
    assertThat(pepper).isEqualTo(fresh);
    assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).isEqualTo(fresh);
    assertThat(mode(file)).isEqualTo("rw-------");
    assertThat(mode(file.getParent())).isEqualTo("rwx------");
    try (Stream<Path> left = Files.list(file.getParent())) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly("api-key-pepper");
    }
  }

  private static long mailFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".eml")).count();
    } catch (IOException e) {
      return 0;
    }
  }
}
