package io.solstice.kafka.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker (combined broker and controller, KRaft mode) in a child JVM, started from the
 * Kafka jars on this JVM's class path: for tests and {@code solstice bench kafka}. It can be stopped,
 * killed with SIGKILL and started again on the same log directory and ports, as an outage would.
 *
 * <pre>{@code
 * try (KraftBroker broker = KraftBroker.start(dir)) {
 *   String bootstrap = broker.bootstrapServers(); // 127.0.0.1:PORT
 *   broker.stop(); broker.restart();              // an outage
 * }
 * }</pre>
 *
 * The broker's own output goes to {@code dir/broker.log}.
 */
public final class KraftBroker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KraftBroker.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

  private final Path dir;
  private final int port;
  private final int controllerPort;
  private final List<String> jvmOptions;
  private Process process;

  private KraftBroker(Path dir, int port, int controllerPort, List<String> jvmOptions) {
    this.dir = dir;
    this.port = port;
    this.controllerPort = controllerPort;
    this.jvmOptions = jvmOptions;
  }

  /** Formats a fresh broker in {@code dir} (created if missing) on free ports and starts it; returns once it answers. */
  public static KraftBroker start(Path dir) {
    return start(dir, List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), 4);
  }

  /**
   * As {@link #start(Path)}, with the broker JVM's options and the partition count of topics
   * created without one.
   */
  public static KraftBroker start(Path dir, List<String> jvmOptions, int defaultPartitions) {
    return start(dir, jvmOptions, defaultPartitions, 0);
  }

  /**
   * As {@link #start(Path, List, int)}, listening on {@code port} (0: a free one). A directory
   * formatted before is started as it is (its topics kept), on the ports it was written with.
   */
  public static KraftBroker start(Path dir, List<String> jvmOptions, int defaultPartitions, int port) {
    try {
      Files.createDirectories(dir);
      int[] ports = freePorts(port);
      KraftBroker broker = new KraftBroker(dir, ports[0], ports[1], List.copyOf(jvmOptions));
      broker.writeConfig(defaultPartitions);
      broker.format();
      broker.launch();
      return broker;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start a Kafka broker in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** {@code 127.0.0.1:PORT}, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** The broker process's id, while it runs. */
  public long pid() {
    return process.pid();
  }

  /** Stops the broker gracefully (SIGTERM) and waits for it to exit. */
  public void stop() {
    if (process != null && process.isAlive()) {
      process.destroy();
      waitFor(Duration.ofSeconds(60));
    }
  }

  /** Kills the broker (SIGKILL), as a crash would. */
  public void kill() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      waitFor(Duration.ofSeconds(30));
    }
  }

  /** Starts the broker again on its log directory and ports; returns once it answers. */
  public void restart() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("the broker is running (pid " + process.pid() + "); stop or kill it first");
    }
    try {
      launch();
    } catch (IOException e) {
      throw new UncheckedIOException("could not restart the Kafka broker in " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    kill();
  }

  private void waitFor(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Path config() {
    return dir.resolve("server.properties");
  }

  private void writeConfig(int partitions) throws IOException {
    String logs = dir.resolve("logs").toAbsolutePath().toString();
    String config = String.join("\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
        "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
        "controller.listener.names=CONTROLLER",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "inter.broker.listener.name=PLAINTEXT",
        "log.dirs=" + logs,
        "num.partitions=" + partitions,
        "offsets.topic.replication.factor=1",
        "offsets.topic.num.partitions=4",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        "auto.create.topics.enable=false",
        "num.network.threads=2",
        "num.io.threads=2",
        "background.threads=2",
        "");
    Files.writeString(config(), config, StandardCharsets.UTF_8);
  }

  private List<String> command(String mainClass, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(jvmOptions);
    cmd.add("-Dlog4j2.level=WARN");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.addAll(List.of(args));
    return cmd;
  }

  private void format() throws IOException {
    Path out = dir.resolve("format.log");
    Process p = new ProcessBuilder(command("kafka.tools.StorageTool", "format", "-t", clusterId(), "-c", config().toString(),
        "--ignore-formatted"))
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    try {
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException("formatting the broker's storage failed (exit " + (p.isAlive() ? "timeout" : p.exitValue()) + "): "
            + Files.readString(out, StandardCharsets.UTF_8).lines().limit(20).toList());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while formatting the broker's storage", e);
    }
  }

  /**
   * A cluster id: 16 random bytes in URL-safe base64 without padding, as Kafka expects, never
   * starting with {@code -}: the storage tool would read such an id as an option and refuse to
   * format (one id in 64; Kafka's own {@code Uuid.randomUuid} draws again for the same reason).
   */
  static String clusterId() {
    while (true) {
      UUID u = UUID.randomUUID();
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
      String id = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
      if (!id.startsWith("-")) {
        return id;
      }
    }
  }

  private void launch() throws IOException {
    Path out = dir.resolve("broker.log");
    process = new ProcessBuilder(command("kafka.Kafka", config().toString()))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile())).start();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (!answers()) {
      if (!process.isAlive()) {
        throw new IOException("the Kafka broker exited (" + process.exitValue() + ") while starting; see " + out + ": "
            + tail(out));
      }
      if (System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IOException("the Kafka broker did not answer on " + bootstrapServers() + " within " + READY_TIMEOUT + "; see " + out);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for the broker", e);
      }
    }
    log.info("Kafka broker (pid {}) answers on {}", process.pid(), bootstrapServers());
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "(unreadable)";
    }
  }

  private boolean answers() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The client port ({@code port}, or a free one if 0) and a different free controller port: both
   * sockets are held open while the second is chosen, so the kernel cannot hand out one port twice
   * (it did: the broker then refuses two listeners on one port).
   */
  private static int[] freePorts(int port) throws IOException {
    try (ServerSocket client = port == 0 ? new ServerSocket(0) : null; ServerSocket controller = new ServerSocket(0)) {
      int clientPort = client != null ? client.getLocalPort() : port;
      if (controller.getLocalPort() == clientPort) {
        try (ServerSocket other = new ServerSocket(0)) {
          return new int[] {clientPort, other.getLocalPort()};
        }
      }
      return new int[] {clientPort, controller.getLocalPort()};
    }
  }
}
