package io.solstice.bench.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@code solstice serve} child JVM that the chaos harnesses start, kill with SIGKILL and start
 * again: the same {@code java} binary and class path as this process, on a port fixed by the caller
 * (so that clients reconnect to the restarted server), with its output appended to a log file.
 * Every start of one {@code ChildServer} runs the same arguments on the same data directory.
 */
final class ChildServer implements AutoCloseable {
  private final String name;
  private final List<String> args;
  private final Map<String, String> env;
  private final Path log;
  private Process process;

  /**
   * @param name a short name for messages ({@code server}, {@code worker-1})
   * @param args the arguments after {@code io.solstice.app.Main} (e.g. {@code serve --data …})
   * @param env extra environment (the admin key)
   * @param log where the child's stdout and stderr are appended
   */
  ChildServer(String name, List<String> args, Map<String, String> env, Path log) {
    this.name = name;
    this.args = List.copyOf(args);
    this.env = Map.copyOf(env);
    this.log = log;
  }

  String name() {
    return name;
  }

  Path log() {
    return log;
  }

  /** Starts the child (again); it must not be running. */
  void start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
    }
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-XX:+ExitOnOutOfMemoryError",
        "-Dfile.encoding=UTF-8", "--enable-native-access=ALL-UNNAMED"));
    if (Runtime.version().feature() >= 24) {
      command.add("--sun-misc-unsafe-memory-access=allow");
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.solstice.app.Main");
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().remove("SOLSTICE_CONFIG");
    pb.environment().putIfAbsent("SOLSTICE_LOG_LEVEL", "WARN");
    pb.environment().putAll(env);
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + name + " (" + String.join(" ", args) + "): " + e.getMessage(), e);
    }
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  /** Kills the child with SIGKILL and waits for it to be gone. */
  void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException(name + " (pid " + process.pid() + ") did not die within 60 s of SIGKILL");
      }
    }
  }

  /** Sends SIGTERM (an orderly stop) and waits; returns the exit code, or -1 when it had to be killed after 60 s. */
  int stop() throws InterruptedException {
    if (process == null || !process.isAlive()) {
      return process == null ? 0 : process.exitValue();
    }
    process.destroy();
    if (process.waitFor(60, TimeUnit.SECONDS)) {
      return process.exitValue();
    }
    kill();
    return -1;
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
  }

  /** A port free right now on the loopback interface. */
  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port: " + e.getMessage(), e);
    }
  }
}
