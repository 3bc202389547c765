package io.solstice.bench.kafka;

import io.solstice.core.RecordedEvent;
import io.solstice.core.memory.MemoryCheckpointStore;
import io.solstice.core.memory.MemoryDeadLetterStore;
import io.solstice.core.memory.MemoryStore;
import io.solstice.kafka.KafkaBus;
import io.solstice.kafka.KafkaSource;
import io.solstice.pipeline.Scheduling;
import io.solstice.pipeline.Service;
import io.solstice.pipeline.ServiceHost;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One instance of the benchmark's consumer service, in its own JVM: service {@code bench-consumer}
 * consumes {@code store:Order} from the bus, waits a fixed time per event (an I/O-bound handler),
 * and writes how many events it has handled to its count file every 100 ms, until its stop file
 * appears. Arguments: bootstrap servers, prefix, count file, stop file, milliseconds per event,
 * concurrent streams.
 */
public final class ConsumerInstance {
  private ConsumerInstance() {}

  public static void main(String[] args) throws Exception {
    KafkaBus bus = KafkaBus.parse("kafka://" + args[0], args[1], KafkaBus.DEFAULT_PARTITIONS);
    Path count = Path.of(args[2]);
    Path stop = Path.of(args[3]);
    long perEvent = Long.parseLong(args[4]);
    int concurrency = Integer.parseInt(args[5]);
    AtomicLong handled = new AtomicLong();
    try (MemoryStore unused = new MemoryStore()) {
      Service<RecordedEvent, RecordedEvent> service = Service.named("bench-consumer").consume("store:Order")
          .decode(e -> Optional.of(e))
          .handle(e -> {
            Thread.sleep(perEvent);
            return e;
          })
          .interpret((e, ctx) -> handled.incrementAndGet())
          .scheduling(Scheduling.defaults().withMaxConcurrentStreams(concurrency).withPageSize(500).withMaxReadAhead(5_000))
          .build();
      ServiceHost host = ServiceHost.builder(unused).checkpoints(new MemoryCheckpointStore()).deadLetters(new MemoryDeadLetterStore())
          .sourceFactory("store", KafkaSource.factory(bus)).service(service).build();
      host.start();
      while (!Files.exists(stop)) {
        Files.writeString(count, Long.toString(handled.get()), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING);
        Thread.sleep(100);
      }
      host.stop(Duration.ofSeconds(5));
    }
    System.exit(0);
  }
}
