package io.solstice.app;

import io.solstice.kafka.KafkaBus;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Readiness of the bus ({@code --bus}): the Kafka cluster answers a metadata request within 2 s. The
 * answer is kept for 2 s, so probes in a tight loop cost the broker one request per interval. A
 * {@link HealthChecks.Probe} named {@code bus}.
 */
final class BusProbe implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final long KEEP_NANOS = Duration.ofSeconds(2).toNanos();

  private final KafkaBus bus;
  private final Admin admin;
  private final ReentrantLock lock = new ReentrantLock();
  private long checkedAt;
  private String last;

  BusProbe(KafkaBus bus, String instanceId) {
    this.bus = bus;
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", bus.bootstrapServers()));
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, "solstice-ready-" + instanceId);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    this.admin = Admin.create(p);
  }

  /** The probe for {@link HealthChecks}. */
  HealthChecks.Probe probe() {
    return new HealthChecks.Probe("bus", this::problem);
  }

  /** Null when the cluster answered, else what is wrong. */
  String problem() {
    lock.lock();
    try {
      if (checkedAt != 0 && System.nanoTime() - checkedAt < KEEP_NANOS) {
        return last;
      }
      last = ask();
      checkedAt = System.nanoTime();
      return last;
    } finally {
      lock.unlock();
    }
  }

  private String ask() {
    try {
      admin.describeCluster().clusterId().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while asking the bus " + bus.uri();
    } catch (ExecutionException e) {
      return "the bus " + bus.uri() + " refused: " + e.getCause();
    } catch (TimeoutException e) {
      return "the bus " + bus.uri() + " did not answer within " + TIMEOUT.toSeconds() + " s; check that the brokers run and are reachable";
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(2));
  }
}
