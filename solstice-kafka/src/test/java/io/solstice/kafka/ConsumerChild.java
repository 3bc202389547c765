package io.solstice.kafka;

import io.solstice.core.RecordedEvent;
import io.solstice.core.memory.MemoryCheckpointStore;
import io.solstice.core.memory.MemoryDeadLetterStore;
import io.solstice.core.memory.MemoryStore;
import io.solstice.pipeline.Scheduling;
import io.solstice.pipeline.Service;
import io.solstice.pipeline.ServiceHost;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A child JVM running one instance of service {@code recorder} on the bus: it consumes {@code
 * store:Order} from Kafka and appends "stream version" to a log per handled event, until killed or
 * its stop file appears. Arguments: bootstrap servers, prefix, log file, stop file, milliseconds per
 * event, concurrency.
 */
public final class ConsumerChild {
  private ConsumerChild() {}

  public static void main(String[] args) throws Exception {
    KafkaBus bus = KafkaBus.parse("kafka://" + args[0], args[1], 8);
    Path log = Path.of(args[2]);
    Path stop = Path.of(args[3]);
    long perEvent = Long.parseLong(args[4]);
    int concurrency = Integer.parseInt(args[5]);
    ReentrantLock lock = new ReentrantLock();
    try (MemoryStore store = new MemoryStore();
        Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      Service<RecordedEvent, RecordedEvent> recorder = Service.named("recorder").consume("store:Order")
          .decode(e -> Optional.of(e))
          .handle(e -> {
            Thread.sleep(perEvent);
            return e;
          })
          .interpret((e, ctx) -> {
            lock.lock();
            try {
              out.write(e.stream().canonical() + " " + e.version() + "\n");
              out.flush(); // into the OS: SIGKILL does not lose it
            } catch (IOException io) {
              throw new IllegalStateException(io);
            } finally {
              lock.unlock();
            }
          })
          .scheduling(Scheduling.defaults().withMaxConcurrentStreams(concurrency).withPageSize(500).withMaxReadAhead(2_000))
          .build();
      ServiceHost host = ServiceHost.builder(store).checkpoints(new MemoryCheckpointStore()).deadLetters(new MemoryDeadLetterStore())
          .checkpointInterval(Duration.ofMillis(200)).sourceFactory("store", KafkaSource.factory(bus)).service(recorder).build();
      host.start();
      while (!Files.exists(stop)) {
        Thread.sleep(50);
      }
      host.stop(Duration.ofSeconds(10));
    }
    System.exit(0);
  }
}
