package io.solstice.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a {@code main} class of the test class path in a child JVM, for tests that kill a process
 * with SIGKILL ({@link Process#destroyForcibly()}) or run several instances of a service. The
 * child's output (stdout and stderr) goes to {@code log}.
 */
public final class ChildJvm {
  private ChildJvm() {}

  /** Starts {@code main} with {@code args} and the JVM options {@code -Xmx256m -XX:+UseSerialGC}. */
  public static Process start(Class<?> main, List<String> args, Path log) {
    return start(main, List.of("-Xmx256m", "-XX:+UseSerialGC"), args, log);
  }

  /** Starts {@code main} with {@code jvmOptions} and {@code args}. */
  public static Process start(Class<?> main, List<String> jvmOptions, List<String> args, Path log) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(args);
    try {
      return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start a child JVM for " + main.getName() + ": " + e.getMessage(), e);
    }
  }
}
