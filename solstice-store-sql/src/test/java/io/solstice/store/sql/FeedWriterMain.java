package io.solstice.store.sql;

import io.solstice.core.EventData;
import io.solstice.core.StreamName;
import io.solstice.core.store.AppendResult;
import io.solstice.core.store.ExpectedVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A child process of {@link PostgresMultiProcessFeedTest}: appends to a PostgreSQL store from 8
 * virtual threads, then prints {@code written=<events>} and exits 0.
 *
 * <p>Arguments: JDBC URL, schema, writer name, appends per thread.
 */
public final class FeedWriterMain {
  public static void main(String[] args) throws Exception {
    String url = args[0];
    String schema = args[1];
    String writer = args[2];
    int appendsPerThread = Integer.parseInt(args[3]);
    AtomicLong written = new AtomicLong();
    try (SqlEventStore store = SqlEventStore.open(SqlStoreConfig.postgres(url).withSchema(schema).withPoolSize(2))) {
      try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int t = 0; t < 8; t++) {
          int thread = t;
          threads.submit(() -> {
            for (int i = 0; i < appendsPerThread; i++) {
              int n = 1 + ThreadLocalRandom.current().nextInt(3);
              List<EventData> events = new ArrayList<>();
              for (int k = 0; k < n; k++) {
                events.add(EventData.of("Written", ("{\"writer\":\"" + writer + "\"}").getBytes(StandardCharsets.UTF_8)));
              }
              StreamName stream = StreamName.of("acme", "Order", writer + "-" + thread + "-" + ThreadLocalRandom.current().nextInt(10));
              if (store.append(stream, ExpectedVersion.ANY, events) instanceof AppendResult.Written w && !w.duplicate()) {
                written.addAndGet(n);
              }
            }
            return null;
          });
        }
      }
    }
    System.out.println("written=" + written.get());
  }
}
