package io.solstice.app;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The programs some tests drive, all from Debian packages: {@code promtool} ({@code prometheus}),
 * Python's Prometheus client parser ({@code python3-prometheus-client}), Chromium and its driver
 * ({@code chromium}, {@code chromium-driver}). {@code bash .ci/run} installs them; there (and
 * wherever {@code SOLSTICE_REQUIRE_TEST_TOOLS=1} or {@code CI=true}) a missing one fails the test.
 * Elsewhere the test is skipped with the reason, which is also written to {@code
 * target/tool-tests-skipped.txt} so that the build's last lines can say so.
 */
public final class TestTools {
  private TestTools() {}

  /** True where a missing tool is a failure, not a skip. */
  public static boolean required() {
    return "1".equals(System.getenv("SOLSTICE_REQUIRE_TEST_TOOLS")) || "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** The executable {@code name} on the PATH (or in /usr/bin), if there is one. */
  public static Optional<Path> find(String name) {
    List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
    dirs.add("/usr/bin");
    for (String dir : dirs) {
      if (!dir.isBlank()) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  /** The executable {@code name}, or the test is skipped (failed where tools are required) naming {@code debianPackage}. */
  public static Path require(String name, String debianPackage) {
    return find(name).orElseGet(() -> unavailable(name + " is not installed", "apt-get install " + debianPackage));
  }

  /** A Python 3 that can import the Prometheus client's text parser. */
  public static Path pythonWithPrometheusParser() {
    for (String candidate : List.of("/usr/bin/python3", "python3")) {
      Optional<Path> python = candidate.startsWith("/") ? Optional.of(Path.of(candidate)).filter(Files::isExecutable) : find(candidate);
      if (python.isPresent() && run(List.of(python.get().toString(), "-c", "import prometheus_client.parser"), "", Duration.ofSeconds(30))
          .exitCode() == 0) {
        return python.get();
      }
    }
    return unavailable("Python's Prometheus client parser is not installed", "apt-get install python3-prometheus-client");
  }

  /** What a program did. */
  public record Result(int exitCode, String out, String err) {}

  /** Runs {@code command} with {@code stdin}, waiting up to {@code timeout}. */
  public static Result run(List<String> command, String stdin, Duration timeout) {
    try {
      Path out = Files.createTempFile("tool-out", ".txt");
      Path err = Files.createTempFile("tool-err", ".txt");
      Path in = Files.createTempFile("tool-in", ".txt");
      Files.writeString(in, stdin);
      Process p = new ProcessBuilder(command).redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(command.getFirst() + " did not finish within " + timeout);
      }
      Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
      Files.deleteIfExists(in);
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + command, e);
    }
  }

  /** Skips (or fails, where tools are required) saying what is missing and how to install it. */
  public static <T> T unavailable(String what, String install) {
    String message = what + " (" + install + "; bash .ci/run installs it)";
    if (required()) {
      throw new AssertionError(message);
    }
    try {
      Files.createDirectories(Path.of("target"));
      Files.writeString(Path.of("target", "tool-tests-skipped.txt"), message + System.lineSeparator(), StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      // the note is a courtesy; the skip below says the same
    }
    Assumptions.abort("skipped: " + message);
    throw new IllegalStateException("unreachable");
  }
}
