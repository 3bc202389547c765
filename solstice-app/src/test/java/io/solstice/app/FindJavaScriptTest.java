package io.solstice.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Specifies how bin/lib/find-java.sh (shared by bin/solstice and .ci/run) picks a JDK, with fake JDKs. */
class FindJavaScriptTest {

  private static final Path SCRIPT = Path.of("..", "bin", "lib", "find-java.sh").toAbsolutePath().normalize();

  @TempDir Path dir;

  /** A fake JDK home whose release file says {@code version}. */
  private Path fakeJdk(String name, String version) throws IOException {
    Path home = dir.resolve(name);
    Files.createDirectories(home.resolve("bin"));
    Path java = home.resolve("bin/java");
    Files.writeString(java, "#!/bin/sh\necho 'openjdk version \"" + version + "\"' >&2\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
    return home.toRealPath();
  }

  private String bash(String javaHome, Path pathDir, String commands) throws Exception {
    String path = (pathDir == null ? "" : pathDir + ":") + "/usr/bin:/bin";
    ProcessBuilder process = new ProcessBuilder("bash", "-c", "source '" + SCRIPT + "'; " + commands);
    process.environment().put("PATH", path);
    process.environment().put("HOME", dir.toString());
    if (javaHome == null) {
      process.environment().remove("JAVA_HOME");
    } else {
      process.environment().put("JAVA_HOME", javaHome);
    }
    process.redirectErrorStream(true);
    Process running = process.start();
    String output = new String(running.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    running.waitFor();
    return output;
  }

  @Test
  void aJavaHomeOf21OrNewerWinsOverJavaOnThePath() throws Exception {
    Path home = fakeJdk("jdk21", "21.0.5");
    Path onPath = fakeJdk("jdk24", "24.0.1");

    String found = bash(home.toString(), onPath.resolve("bin"), "solstice_find_java && echo \"$SOLSTICE_JAVA_HOME $SOLSTICE_JAVA_MAJOR\"");

    assertThat(found).isEqualTo(home + " 21");
  }

  @Test
  void aJavaHomeOlderThan21IsPassedOverForJavaOnThePath() throws Exception {
    Path old = fakeJdk("jdk17", "17.0.15");
    Path onPath = fakeJdk("jdk22", "22");

    String found = bash(old.toString(), onPath.resolve("bin"), "solstice_find_java && echo \"$SOLSTICE_JAVA_HOME\"");

    assertThat(found).isEqualTo(onPath.toString());
  }

  @Test
  void versionsAreReadInEveryFormatJdksUse() throws Exception {
    for (List<String> versionAndMajor : List.of(List.of("1.8.0_402", "8"), List.of("25-ea", "25"), List.of("21.0.2+13", "21"))) {
      Path home = fakeJdk("jdk-" + versionAndMajor.get(1) + "-" + Math.abs(versionAndMajor.get(0).hashCode()), versionAndMajor.get(0));

      assertThat(bash(null, null, "solstice_java_major '" + home.resolve("bin/java") + "'")).isEqualTo(versionAndMajor.get(1));
    }
  }
}
