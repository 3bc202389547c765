package io.solstice.pipeline;

import io.solstice.core.RecordedEvent;
import io.solstice.store.sql.SqlEventStore;
import io.solstice.store.sql.SqlStoreConfig;
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
 * A child JVM of {@link PostgresStandbyTest}: one instance of service {@code recorder} on a shared
 * PostgreSQL store feed, leased (it stands by while another instance is active). It appends "stream
 * version" to its log per handled event, and "active" when it takes the lease, until killed or its
 * stop file appears. Arguments: JDBC URL, schema, instance name, log file, stop file.
 */
public final class StandbyChild {
  private StandbyChild() {}

  public static void main(String[] args) throws Exception {
    Path log = Path.of(args[3]);
    Path stop = Path.of(args[4]);
    ReentrantLock lock = new ReentrantLock();
    try (SqlEventStore store = SqlEventStore.open(SqlStoreConfig.postgres(args[0]).withSchema(args[1]).withPoolSize(4));
        Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        LeaseKeeper keeper = new LeaseKeeper(store.leases(), args[2], Duration.ofSeconds(5), Sleeper.SYSTEM)) {
      Service<RecordedEvent, RecordedEvent> recorder = Service.named("recorder").consume("store:Item")
          .decode(e -> Optional.of(e))
          .handle(e -> {
            Thread.sleep(2);
            return e;
          })
          .interpret((e, ctx) -> write(out, lock, e.stream().canonical() + " " + e.version()))
          .build();
      ServiceHost host = ServiceHost.builder(store).checkpoints(store.checkpoints()).deadLetters(store.deadLetters())
          .checkpointInterval(Duration.ofMillis(100)).leases(keeper).service(recorder).build();
      host.start();
      boolean announced = false;
      while (!Files.exists(stop)) {
        if (!announced && "active".equals(host.roles().get("recorder"))) {
          write(out, lock, "active " + System.currentTimeMillis());
          announced = true;
        }
        Thread.sleep(20);
      }
      host.stop(Duration.ofSeconds(10));
    }
    System.exit(0);
  }

  private static void write(Writer out, ReentrantLock lock, String line) {
    lock.lock();
    try {
      out.write(line + "\n");
      out.flush(); // into the OS: SIGKILL does not lose it
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } finally {
      lock.unlock();
    }
  }
}
