package io.solstice.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution tarball, as a user gets it: unpacked into a temporary directory far from the
 * source tree, its {@code bin/solstice} runs with nothing but a JDK (no Maven on the PATH, no
 * repository around it).
 */
class DistributionIT {

  @TempDir static Path temp;

  /** Where the tarball is unpacked (nothing else goes there). */
  static Path unpacked;

  /** The working directory of the commands, and where they keep their data and output. */
  static Path work;

  static Path home;

  @BeforeAll
  static void unpackTheTarball() throws Exception {
    Path tarball = Path.of(System.getProperty("solstice.dist.tarball"));
    assertThat(tarball).as("the build writes the tarball before the integration tests").isRegularFile();
    unpacked = Files.createDirectory(temp.resolve("unpacked"));
    work = Files.createDirectory(temp.resolve("work"));
    Result tar = run(unpacked, List.of("tar", "-xzf", tarball.toString(), "-C", unpacked.toString()), 60);
    assertThat(tar.exitCode()).as(tar.output()).isZero();
    home = unpacked.resolve("solstice-" + System.getProperty("solstice.dist.version"));
  }

  @Test
  void unpacksToOneVersionedDirectoryWithTheLauncherJarsAndDocsButNoSources() throws IOException {
    try (Stream<Path> top = Files.list(unpacked)) {
      assertThat(top).containsExactly(home);
    }
    assertThat(home.resolve("bin/solstice")).isExecutable();
    assertThat(home.resolve("bin/lib/find-java.sh")).isRegularFile();
    assertThat(home.resolve("README.md")).isRegularFile();
    try (Stream<Path> jars = Files.list(home.resolve("lib"))) {
      assertThat(jars.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("solstice-app-"))
          .anyMatch(n -> n.startsWith("solstice-bench-")).anyMatch(n -> n.startsWith("sqlite-jdbc-"));
    }
    try (Stream<Path> all = Files.walk(home)) {
      assertThat(all.map(p -> p.getFileName().toString())).doesNotContain("pom.xml", "mvnw", "src");
    }
  }

  @Test
  void versionNamesTheVersionAndTheCommitOnItsFirstLine() throws Exception {
    Result result = solstice(work, 60, "--version");

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output().lines().findFirst().orElse(""))
        .matches("solstice " + java.util.regex.Pattern.quote(System.getProperty("solstice.dist.version")) + " \\(commit ([0-9a-f]{7}|unknown)\\)");
  }

  @Test
  void runsThroughASymlinkFromAnyDirectoryAndListsEveryCommand() throws Exception {
    Path link = Files.createSymbolicLink(work.resolve("solstice-link"), home.resolve("bin/solstice"));

    Result result = run(work, List.of(link.toString(), "--help"), 60);

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("serve", "demo", "simulate", "store", "projections", "dlq", "analytics", "bench");
  }

  @Test
  void theDemoRunsAndReconcilesFromTheUnpackedDistribution() throws Exception {
    Path data = work.resolve("demo-data");

    Result result = solstice(work, 300, "demo", "--orders", "100", "--data", data.toString());

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("reconciled: yes");
  }

  private static Result solstice(Path directory, int timeoutSeconds, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(home.resolve("bin/solstice").toString());
    command.addAll(List.of(args));
    return run(directory, command, timeoutSeconds);
  }

  /**
   * Runs {@code command} in {@code directory} with a JDK (the one running this test) and a PATH of
   * system directories only: no Maven, no wrapper, no repository.
   */
  private static Result run(Path directory, List<String> command, int timeoutSeconds) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    Map<String, String> kept = new HashMap<>();
    for (String name : List.of("HOME", "TMPDIR", "LANG")) {
      if (System.getenv(name) != null) {
        kept.put(name, System.getenv(name));
      }
    }
    env.clear();
    env.putAll(kept);
    env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.put("JAVA_HOME", System.getProperty("java.home"));
    Path output = Files.createTempFile(temp, "output", ".txt");
    builder.redirectOutput(output.toFile());
    Process process = builder.start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      fail(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s; its output:\n"
          + Files.readString(output, StandardCharsets.UTF_8));
    }
    return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
  }

  private record Result(int exitCode, String output) {}
}
