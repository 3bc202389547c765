package io.solstice.app.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solstice.core.codec.Json;
import io.solstice.core.store.InstanceRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every running instance of every service in the deployment, from the store's instance registry:
 * each process records its services there in its heartbeat ({@code io.solstice.app.InstanceHeartbeat}:
 * a status {@code {"services": {NAME: {"role", "state", "handled", "failed", "parked", "lagEvents",
 * "lagSeconds", "inflight", …}}}}), so any process answers for all of them. An instance counts while
 * its last heartbeat is younger than the live window. This process's own services are shown with
 * their current figures (from {@link LocalServiceDirectory}) rather than those of its last
 * heartbeat, and also when its heartbeat could not be recorded. Figures a heartbeat leaves out
 * (throughput, stuck streams, per tenant) read as 0.
 */
public final class RegistryServiceDirectory implements ServiceDirectory {
  private static final Logger log = LoggerFactory.getLogger(RegistryServiceDirectory.class);

  /** The name under which the store → Kafka publisher is listed (with {@code --bus}). */
  public static final String PUBLISHER = "kafka-publisher";

  private final InstanceRegistry registry;
  private final LocalServiceDirectory local;
  private final Duration liveWithin;
  private final ObjectMapper mapper = Json.mapper();

  public RegistryServiceDirectory(InstanceRegistry registry, LocalServiceDirectory local, Duration liveWithin) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.local = Objects.requireNonNull(local, "local");
    this.liveWithin = Objects.requireNonNull(liveWithin, "liveWithin");
  }

  @Override
  public List<ServiceInstance> instances() {
    List<ServiceInstance> out = new ArrayList<>(local.instances());
    List<InstanceRegistry.Instance> live;
    try {
      live = registry.live(liveWithin);
    } catch (RuntimeException e) {
      log.warn("cannot read the instance registry ({}); showing this process's services only", e.toString());
      live = List.of();
    }
    for (InstanceRegistry.Instance instance : live) {
      boolean mine = instance.instanceId().equals(local.instanceId());
      if (!mine) {
        out.addAll(remote(instance));
      }
      publisher(instance, mine).ifPresent(out::add);
    }
    out.sort(Comparator.comparing(ServiceInstance::service).thenComparing(i -> !i.local()).thenComparing(ServiceInstance::instance));
    return out;
  }

  /** The services of another instance, from its last heartbeat. */
  private List<ServiceInstance> remote(InstanceRegistry.Instance instance) {
    JsonNode services;
    try {
      services = mapper.readTree(instance.status()).path("services");
    } catch (IOException e) {
      services = mapper.createObjectNode();
    }
    List<ServiceInstance> out = new ArrayList<>();
    for (String name : instance.services()) {
      JsonNode s = services.path(name);
      List<String> partitions = new ArrayList<>();
      s.path("partitions").forEach(p -> partitions.add(p.asText()));
      out.add(new ServiceInstance(name, instance.instanceId(), instance.host(), false, s.path("state").asText("UNKNOWN"),
          s.path("role").asText("active"), partitions, instance.heartbeatAt(), s.path("stats").isObject() ? stats(s.path("stats")) : stats(s)));
    }
    return out;
  }

  /** The Kafka publisher candidate of an instance ({@code "publisher": "active"|"standby"} in its status), as a row of its own. */
  private java.util.Optional<ServiceInstance> publisher(InstanceRegistry.Instance instance, boolean mine) {
    JsonNode status;
    try {
      status = mapper.readTree(instance.status());
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
    String role = status.path("publisher").asText("");
    if (role.isEmpty()) {
      return java.util.Optional.empty();
    }
    List<String> position = status.has("publisherCheckpoint") ? List.of("checkpoint " + status.path("publisherCheckpoint").asText()) : List.of();
    return java.util.Optional.of(new ServiceInstance(PUBLISHER, instance.instanceId(), instance.host(), mine,
        role.equals("active") ? "RUNNING" : "STANDBY", role, position, instance.heartbeatAt(), null));
  }

  private Stats stats(JsonNode s) {
    if (!s.isObject()) {
      return null;
    }
    Map<String, Stats> tenants = new java.util.TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = s.path("tenants").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      tenants.put(e.getKey(), stats(e.getValue()));
    }
    return new Stats(s.path("throughput").asDouble(), s.path("handled").asLong(), s.path("failed").asLong(), s.path("parked").asLong(),
        s.path("lagEvents").asLong(), s.path("lagSeconds").asDouble(), s.path("inflight").asLong(), s.path("stuck").asLong(), tenants);
  }
}
