package io.solstice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Facts about the machine a benchmark runs on, recorded beside its figures. */
public final class Machine {
  private Machine() {}

  /** The 1-minute load average ({@code /proc/loadavg}), or -1 where the system does not tell. */
  public static double loadAverage1m() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Starts {@code main} in a child JVM on this JVM's class path, its output appended to {@code log}. */
  public static Process startJvm(Class<?> main, List<String> jvmOptions, List<String> args, Path log) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(args);
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
  }
}
