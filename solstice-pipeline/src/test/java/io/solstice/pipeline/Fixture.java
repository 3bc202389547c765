package io.solstice.pipeline;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.solstice.core.EventData;
import io.solstice.core.StreamName;
import io.solstice.core.memory.MemoryCheckpointStore;
import io.solstice.core.memory.MemoryDeadLetterStore;
import io.solstice.core.memory.MemoryStore;
import io.solstice.core.store.AppendRequest;
import io.solstice.core.store.ExpectedVersion;
import io.solstice.core.store.TenantPlacement;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A memory store with its checkpoint and dead-letter stores, and a host builder over them. */
final class Fixture {
  final MemoryStore store = new MemoryStore();
  final MemoryCheckpointStore checkpoints = new MemoryCheckpointStore();
  final MemoryDeadLetterStore deadLetters = new MemoryDeadLetterStore();
  final ManualClock clock = new ManualClock();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  Fixture(String... tenants) {
    for (String t : tenants) {
      store.tenants().register(t, TenantPlacement.POOLED_STORE);
    }
  }

  ServiceHost.Builder host() {
    return ServiceHost.builder(store).checkpoints(checkpoints).deadLetters(deadLetters).clock(clock).sleeper(clock)
        .random(() -> 0.5).meterRegistry(registry).checkpointInterval(Duration.ofMillis(20))
        .replayPollInterval(Duration.ofMillis(20)).pollWait(Duration.ofMillis(200));
  }

  /** Appends {@code count} events named {@code type} to {@code stream}, in batches. */
  void append(StreamName stream, String type, int count) {
    List<EventData> batch = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      batch.add(EventData.of(type, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
      if (batch.size() == 500) {
        store.append(stream, ExpectedVersion.ANY, batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      store.append(stream, ExpectedVersion.ANY, batch);
    }
  }

  /** Appends one event to each of many streams in one atomic append. */
  void appendEach(List<StreamName> streams, String type) {
    List<AppendRequest> requests = new ArrayList<>();
    for (StreamName s : streams) {
      requests.add(new AppendRequest(s, ExpectedVersion.ANY, List.of(EventData.of(type, "{}".getBytes(StandardCharsets.UTF_8)))));
    }
    store.appendAll(requests);
  }

  double counter(String name, String service, String tenant) {
    var c = registry.find("solstice.service." + name).tag("service", service).tag("tenant", tenant).counter();
    return c == null ? 0 : c.count();
  }
}
