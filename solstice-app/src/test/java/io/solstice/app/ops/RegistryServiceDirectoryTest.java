package io.solstice.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.solstice.core.store.InstanceRegistry;
import io.solstice.store.sql.SqlEventStore;
import io.solstice.store.sql.SqlStoreConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service directory reads other processes' heartbeats from the store's instance registry. */
class RegistryServiceDirectoryTest {

  @Test
  void anotherInstancesServicesAndItsPublisherAreListedFromItsHeartbeat(@TempDir Path dir) {
    try (SqlEventStore store = SqlEventStore.open(SqlStoreConfig.sqlite(dir.resolve("solstice.db")))) {
      InstanceRegistry registry = store.instances();
      registry.heartbeat(new InstanceRegistry.Instance("web-2-7-beef", "web-2", 7, "http://web-2:8080", Instant.now(), null,
          List.of("payment"), "{\"services\":{\"payment\":{\"role\":\"standby\",\"state\":\"STANDBY\",\"handled\":12,\"failed\":3,"
              + "\"parked\":1,\"lagEvents\":4,\"lagSeconds\":0.5,\"inflight\":2}},\"publisher\":\"active\",\"publisherCheckpoint\":42}"));
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      Timeline timeline = new Timeline(new LiveFeed(store, Duration.ofMillis(50)), new LatencyWindow(), meters, Duration.ofSeconds(5),
          Clock.systemUTC());
      LocalServiceDirectory local = new LocalServiceDirectory("me-1-0001", "me", () -> null, meters, timeline, Clock.systemUTC());
      RegistryServiceDirectory directory = new RegistryServiceDirectory(registry, local, Duration.ofSeconds(10));

      List<ServiceDirectory.ServiceInstance> all = directory.instances();
      assertThat(all).extracting(ServiceDirectory.ServiceInstance::service).containsExactly(RegistryServiceDirectory.PUBLISHER, "payment");
      ServiceDirectory.ServiceInstance payment = all.get(1);
      assertThat(payment.instance()).isEqualTo("web-2-7-beef");
      assertThat(payment.local()).isFalse();
      assertThat(payment.role()).isEqualTo("standby");
      assertThat(payment.state()).isEqualTo("STANDBY");
      assertThat(payment.stats().handled()).isEqualTo(12);
      assertThat(payment.stats().failed()).isEqualTo(3);
      assertThat(payment.stats().lagSeconds()).isEqualTo(0.5);
      assertThat(payment.stats().inflight()).isEqualTo(2);
      ServiceDirectory.ServiceInstance publisher = all.get(0);
      assertThat(publisher.role()).isEqualTo("active");
      assertThat(publisher.partitions()).containsExactly("checkpoint 42");

      registry.remove("web-2-7-beef");
      assertThat(directory.instances()).isEmpty();
    }
  }
}
