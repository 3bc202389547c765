package io.solstice.pipeline;

import io.solstice.core.RecordedEvent;
import io.solstice.store.sql.SqlEventStore;
import io.solstice.store.sql.SqlStoreConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The child JVM of {@link CheckpointResumeCrashTest}: runs a service over a SQLite store that
 * appends "stream version" to a log file per handled event, until every event is handled (then it
 * stops gracefully and exits 0) or it is killed.
 *
 * <p>Arguments: the SQLite file, the log file.
 */
public final class CrashChild {

  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    Path db = Path.of(args[0]);
    Path log = Path.of(args[1]);
    ReentrantLock writeLock = new ReentrantLock();
    try (SqlEventStore store = SqlEventStore.open(SqlStoreConfig.sqlite(db));
        var out = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      Service<RecordedEvent, RecordedEvent> service = Service.named("crash-test").consume("store:Item")
          .decode(e -> Optional.of(e))
          .handle(e -> {
            Thread.sleep(1); // slow enough to be killed mid-stream
            return e;
          })
          .interpret((e, ctx) -> {
            writeLock.lock();
            try {
              out.write(e.stream().canonical() + " " + e.version() + "\n");
              out.flush(); // into the OS: SIGKILL does not lose it
            } catch (IOException io) {
              throw new IllegalStateException(io);
            } finally {
              writeLock.unlock();
            }
          })
          .scheduling(Scheduling.defaults().withMaxConcurrentStreams(4).withPageSize(200).withMaxReadAhead(1_000))
          .build();
      ServiceHost host = ServiceHost.builder(store).checkpoints(store.checkpoints()).deadLetters(store.deadLetters())
          .checkpointInterval(Duration.ofMillis(50)).service(service).build();
      host.start();
      long head = store.headPosition();
      while (host.runner("crash-test").checkpoints().values().stream().mapToLong(Long::longValue).max().orElse(0) < head) {
        Thread.sleep(20);
      }
      host.stop(Duration.ofSeconds(10));
    }
    System.exit(0);
  }
}
