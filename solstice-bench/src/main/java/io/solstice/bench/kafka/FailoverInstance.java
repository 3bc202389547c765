package io.solstice.bench.kafka;

import io.solstice.core.RecordedEvent;
import io.solstice.pipeline.LeaseKeeper;
import io.solstice.pipeline.Service;
import io.solstice.pipeline.ServiceHost;
import io.solstice.pipeline.Sleeper;
import io.solstice.store.sql.SqlEventStore;
import io.solstice.store.sql.SqlStoreConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * One instance of a leased service on a shared PostgreSQL store feed, in its own JVM, for the
 * failover measurement: when it becomes the active instance it writes the wall-clock time to its
 * file; it runs until killed or its stop file appears. Arguments: JDBC URL, schema, instance name,
 * active file, stop file, lease TTL in seconds.
 */
public final class FailoverInstance {
  private FailoverInstance() {}

  public static void main(String[] args) throws Exception {
    Path active = Path.of(args[3]);
    Path stop = Path.of(args[4]);
    Duration ttl = Duration.ofSeconds(Long.parseLong(args[5]));
    try (SqlEventStore store = SqlEventStore.open(SqlStoreConfig.postgres(args[0]).withSchema(args[1]).withPoolSize(2));
        LeaseKeeper keeper = new LeaseKeeper(store.leases(), args[2], ttl, Sleeper.SYSTEM)) {
      Service<RecordedEvent, RecordedEvent> service = Service.named("bench-failover").consume("store:Order")
          .decode(e -> Optional.of(e)).handle(e -> e).interpret((e, ctx) -> {}).build();
      ServiceHost host = ServiceHost.builder(store).checkpoints(store.checkpoints()).deadLetters(store.deadLetters()).leases(keeper)
          .service(service).build();
      host.start();
      boolean written = false;
      while (!Files.exists(stop)) {
        if (!written && "active".equals(host.roles().get("bench-failover"))) {
          Files.writeString(active, Long.toString(System.currentTimeMillis()), StandardCharsets.UTF_8);
          written = true;
        }
        Thread.sleep(5);
      }
      host.stop(Duration.ofSeconds(5));
    }
    System.exit(0);
  }
}
