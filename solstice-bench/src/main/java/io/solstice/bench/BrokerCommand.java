package io.solstice.bench;

import io.solstice.kafka.broker.KraftBroker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code solstice broker}: a development Kafka broker (KRaft, one node) from the Kafka jars Solstice
 * ships for its benchmarks, to try the bus on one machine. Runs until Ctrl-C. Not for production:
 * one node, no replication, no security.
 */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    header = "Run a development Kafka broker (KRaft, one node) to try --bus on one machine.",
    description = {
      "",
      "Starts Kafka in KRaft mode (broker and controller in one JVM) from the jars Solstice ships,",
      "with its logs in --dir, and runs until Ctrl-C. One node, no replication, no security:",
      "for trying the scale-out topology on one machine, not for production.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {"  solstice broker --port 9092", "  solstice serve --bus kafka://127.0.0.1:9092 ..."})
public final class BrokerCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "9092", description = "Port of the broker (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--dir", paramLabel = "DIR", defaultValue = "./kafka", description = "The broker's data and logs (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(names = "--partitions", paramLabel = "N", defaultValue = "8", description = "Partitions of topics created without a count (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    out.println("starting a Kafka broker (KRaft) on 127.0.0.1:" + port + ", data in " + dir.toAbsolutePath() + "…");
    out.flush();
    KraftBroker broker = KraftBroker.start(dir, List.of("-Xmx512m", "-XX:+UseSerialGC"), partitions, port);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      broker.stop();
      stopped.countDown();
    }, "stop-broker"));
    out.println("Kafka is listening on " + broker.bootstrapServers() + " (pid " + broker.pid() + "); use --bus kafka://"
        + broker.bootstrapServers() + ". Stop with Ctrl-C.");
    out.flush();
    stopped.await();
    return 0;
  }
}
