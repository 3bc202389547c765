package io.solstice.bench.checkout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code solstice serve} running as a child JVM: the same {@code java} binary and class path as
 * this process, embedded mode (SQLite in a data directory, every service), on a free port it picks
 * and announces on stdout. Its stdout and stderr go to {@code DATA/server.log}. {@link #stop} sends
 * SIGTERM (the server's shutdown hook stops HTTP, the services and the store in order) and waits.
 */
final class ServerProcess implements AutoCloseable {
  private static final Pattern SERVING = Pattern.compile("serving on http://[^:]+:(\\d+)");

  private final Process process;
  private final Path log;
  private final CompletableFuture<Integer> port = new CompletableFuture<>();

  private ServerProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts the server on {@code data} with {@code adminKey}, extra JVM options and extra {@code
   * serve} arguments; returns once it announced its port (or fails, quoting the end of its log).
   */
  static ServerProcess start(Path data, String adminKey, List<String> jvmOptions, List<String> serveArguments, Duration startTimeout)
      throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-XX:+UseG1GC");
    command.add("-XX:+ExitOnOutOfMemoryError");
    command.add("-Dfile.encoding=UTF-8");
    command.add("--enable-native-access=ALL-UNNAMED");
    if (Runtime.version().feature() >= 24) {
      command.add("--sun-misc-unsafe-memory-access=allow");
    }
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.solstice.app.Main");
    command.addAll(List.of("serve", "--data", data.toString(), "--host", "127.0.0.1", "--port", "0", "--rate-limit", "100000000"));
    command.addAll(serveArguments);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("SOLSTICE_ADMIN_KEY", adminKey);
    env.putIfAbsent("SOLSTICE_LOG_LEVEL", "WARN");
    env.remove("SOLSTICE_CONFIG");
    Path log = data.resolve("server.log");
    ServerProcess server = new ServerProcess(pb.start(), log);
    Thread.ofVirtual().name("bench-server-output").start(server::pump);
    try {
      server.port.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
      server.process.destroyForcibly();
      throw new IllegalStateException("the server did not announce its port within " + startTimeout.toSeconds() + " s"
          + (server.process.isAlive() ? "" : " (it exited with " + server.process.waitFor() + ")") + "; its log " + log + " ends with:\n"
          + server.tail(20));
    }
    return server;
  }

  private void pump() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        Files.writeString(log, line + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Matcher m = SERVING.matcher(line);
        if (!port.isDone() && m.find()) {
          port.complete(Integer.parseInt(m.group(1)));
        }
      }
    } catch (IOException e) {
      // the process ended
    } finally {
      port.completeExceptionally(new IllegalStateException("the server's output ended"));
    }
  }

  int port() {
    return port.join();
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  /** The server's peak resident set size in bytes ({@code VmHWM}), where {@code /proc} has it. */
  OptionalLong peakRssBytes() {
    Path status = Path.of("/proc", Long.toString(process.pid()), "status");
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmHWM:")) {
          String[] parts = line.substring(6).strip().split("\\s+");
          return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
        }
      }
    } catch (IOException | UncheckedIOException | NumberFormatException e) {
      // not Linux, or the process is gone
    }
    return OptionalLong.empty();
  }

  /** CPU time the server process has used so far (user + system), where the platform reports it. */
  java.util.Optional<Duration> cpuTime() {
    return process.toHandle().info().totalCpuDuration();
  }

  /** Sends SIGTERM and waits for the exit; returns the exit code (forcibly killed after {@code timeout}: -1). */
  int stop(Duration timeout) throws InterruptedException {
    process.destroy();
    if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      return process.exitValue();
    }
    process.destroyForcibly().waitFor();
    return -1;
  }

  String tail(int lines) {
    try {
      List<String> all = Files.exists(log) ? Files.readAllLines(log) : List.of();
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
