package io.solstice.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the bus's topics exist: each category's topic is created, with the bus's partition
 * count and the broker's default replication factor, the first time an event of that category is
 * published. Known topics are remembered, so the check costs nothing after the first event.
 */
final class Topics implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Topics.class);

  private final KafkaBus bus;
  private final Admin admin;
  private final Set<String> known = ConcurrentHashMap.newKeySet();

  Topics(KafkaBus bus, String clientId) {
    this.bus = bus;
    this.admin = Admin.create(bus.common(clientId));
  }

  /**
   * Ensures the topic of {@code category} exists, waiting for the broker as long as it takes (an
   * outage delays publishing, it does not fail it); interruptible.
   */
  String ensure(String category) throws InterruptedException {
    String topic = bus.topic(category);
    if (known.contains(topic)) {
      return topic;
    }
    long backoff = 200;
    while (true) {
      try {
        if (!admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic)) {
          admin.createTopics(List.of(new NewTopic(topic, Optional.of(bus.partitions()), Optional.empty()))).all().get(30, TimeUnit.SECONDS);
          log.info("created topic {} with {} partitions", topic, bus.partitions());
        }
        awaitLeaders(topic);
        known.add(topic);
        return topic;
      } catch (ExecutionException e) {
        if (e.getCause() instanceof TopicExistsException) {
          known.add(topic);
          return topic;
        }
        log.warn("creating topic {} on {} failed; retrying in {} ms: {}", topic, bus.bootstrapServers(), backoff, e.getCause().toString());
      } catch (TimeoutException e) {
        log.warn("the bus {} does not answer while creating topic {}; retrying in {} ms", bus.bootstrapServers(), topic, backoff);
      }
      Thread.sleep(backoff);
      backoff = Math.min(backoff * 2, 5_000);
    }
  }

  /**
   * Waits until every partition of {@code topic} has a leader: producing to a partition that has
   * none yet fails and, with the idempotent producer, can leave its sequence numbers out of step.
   */
  private void awaitLeaders(String topic) throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
      if (d != null && !d.partitions().isEmpty() && d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("partitions of " + topic + " have no leader after 60 s");
      }
      Thread.sleep(50);
    }
  }

  /** True if the broker answers within {@code timeout} (for readiness). */
  boolean reachable(Duration timeout) {
    try {
      admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
