package io.solstice.kafka;

import io.solstice.kafka.broker.KraftBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One Kafka broker (a child JVM) for every test of this JVM, started on first use and killed at exit; tests use their own prefixes. */
final class SharedBroker {
  private static KraftBroker broker;

  private SharedBroker() {}

  static synchronized KraftBroker get() {
    if (broker == null) {
      try {
        Path dir = Files.createTempDirectory("solstice-test-broker-");
        broker = KraftBroker.start(dir);
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kill-test-broker"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return broker;
  }

  /** A bus on the shared broker with its own prefix. */
  static KafkaBus bus(String prefix, int partitions) {
    return KafkaBus.parse("kafka://" + get().bootstrapServers(), prefix, partitions);
  }
}
