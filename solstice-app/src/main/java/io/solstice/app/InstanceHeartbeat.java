package io.solstice.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.solstice.core.codec.Json;
import io.solstice.core.store.InstanceRegistry;
import io.solstice.kafka.KafkaPublisher;
import io.solstice.pipeline.Health;
import io.solstice.pipeline.ServiceHost;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports this process to the store's {@link InstanceRegistry} every {@link #INTERVAL}: its
 * services, and for each its role ({@code active} or {@code standby}), state, throughput counters,
 * lag and work in flight; and whether it is the active Kafka publisher. An operator's view of the
 * deployment ({@code GET /admin/services}) lists every instance whose heartbeat is younger than
 * {@link #LIVE_WITHIN}. On stop the record is removed.
 */
final class InstanceHeartbeat implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(InstanceHeartbeat.class);
  static final Duration INTERVAL = Duration.ofSeconds(2);
  static final Duration LIVE_WITHIN = Duration.ofSeconds(10);

  private final InstanceRegistry registry;
  private final String instanceId;
  private final String host;
  private final Instant startedAt = Instant.now();
  private final List<String> services;
  private final ServiceHost serviceHost;
  private final KafkaPublisher publisher;
  private final MeterRegistry meters;
  private final Supplier<String> url;
  private final Thread thread;
  private volatile boolean closed;

  /** {@code serviceHost} and {@code publisher} may be null (an API-only process, no bus). */
  InstanceHeartbeat(InstanceRegistry registry, String instanceId, List<String> services, ServiceHost serviceHost, KafkaPublisher publisher,
      MeterRegistry meters, Supplier<String> url) {
    this.registry = registry;
    this.instanceId = instanceId;
    this.host = hostName();
    this.services = List.copyOf(services);
    this.serviceHost = serviceHost;
    this.publisher = publisher;
    this.meters = meters;
    this.url = url;
    this.thread = Thread.ofVirtual().name("solstice-heartbeat").start(this::run);
  }

  /** A new id for this process: host, pid and a random suffix, e.g. {@code web-1-4242-9f3a}. */
  static String newInstanceId() {
    byte[] suffix = new byte[2];
    ThreadLocalRandom.current().nextBytes(suffix);
    return hostName().replaceAll("[^A-Za-z0-9.-]", "-") + "-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(suffix);
  }

  static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  private void run() {
    while (!closed) {
      try {
        registry.heartbeat(new InstanceRegistry.Instance(instanceId, host, ProcessHandle.current().pid(), url.get(), startedAt, null,
            services, status()));
      } catch (RuntimeException e) {
        log.debug("heartbeat of instance {} failed: {}", instanceId, e.toString());
      }
      try {
        Thread.sleep(INTERVAL);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** This process's status: {@code {"services": {NAME: {...}}, "publisher": "active"|"standby"|null}}. */
  String status() {
    ObjectNode root = Json.mapper().createObjectNode();
    ObjectNode byService = root.putObject("services");
    if (serviceHost != null) {
      Health health = serviceHost.health();
      Map<String, String> roles = serviceHost.roles();
      for (String s : serviceHost.services()) {
        ObjectNode n = byService.putObject(s);
        n.put("role", roles.getOrDefault(s, "stopped"));
        n.put("state", health.services().getOrDefault(s, "STOPPED"));
        n.put("handled", counter("solstice.service.handled", s));
        n.put("failed", counter("solstice.service.failed", s));
        n.put("parked", counter("solstice.service.parked", s));
        n.put("lagEvents", gauge("solstice.service.lag.events", s, false));
        n.put("lagSeconds", gauge("solstice.service.lag.seconds", s, true));
        n.put("inflight", gauge("solstice.service.inflight", s, false));
      }
    }
    if (publisher != null) {
      root.put("publisher", publisher.active() ? "active" : "standby");
      root.put("publisherCheckpoint", publisher.checkpoint());
    }
    return root.toString();
  }

  private long counter(String name, String service) {
    return Math.round(meters.find(name).tag("service", service).counters().stream().mapToDouble(Counter::count).sum());
  }

  private double gauge(String name, String service, boolean max) {
    var values = meters.find(name).tag("service", service).gauges().stream().mapToDouble(Gauge::value);
    return max ? values.max().orElse(0) : values.sum();
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      registry.remove(instanceId);
    } catch (RuntimeException e) {
      log.debug("removing instance {} failed: {}", instanceId, e.toString());
    }
  }
}
