package io.solstice.app.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.solstice.pipeline.Health;
import io.solstice.pipeline.ServiceHost;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The services of this process, from its {@link ServiceHost}'s health and the pipeline's meters
 * ({@code solstice.service.handled}, {@code .failed}, {@code .parked} counters; {@code .lag.events},
 * {@code .lag.seconds}, {@code .inflight}, {@code .stuck} gauges; all tagged by service and tenant),
 * with throughput from the {@link Timeline}, and each service's role from the host ({@code active},
 * or {@code standby} while another process holds the service's lease).
 */
public final class LocalServiceDirectory implements ServiceDirectory {
  private static final String PREFIX = "solstice.service.";

  private final Supplier<ServiceHost> host;
  private final MeterRegistry meters;
  private final Timeline timeline;
  private final Clock clock;
  private final String hostName;
  private final String instance;

  /**
   * @param instanceId this process's id in the instance registry
   * @param hostName the machine's name
   * @param host answers null while (or when) this process runs no service
   */
  public LocalServiceDirectory(String instanceId, String hostName, Supplier<ServiceHost> host, MeterRegistry meters, Timeline timeline,
      Clock clock) {
    this.instance = Objects.requireNonNull(instanceId, "instanceId");
    this.hostName = Objects.requireNonNull(hostName, "hostName");
    this.host = Objects.requireNonNull(host, "host");
    this.meters = Objects.requireNonNull(meters, "meters");
    this.timeline = Objects.requireNonNull(timeline, "timeline");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** This process's instance id, unique per start ({@code host-pid-random}). */
  public String instanceId() {
    return instance;
  }

  /** The machine's name. */
  public String host() {
    return hostName;
  }

  @Override
  public List<ServiceInstance> instances() {
    ServiceHost h = host.get();
    if (h == null) {
      return List.of();
    }
    Health health = h.health();
    Map<String, String> roles = h.roles();
    Map<String, Double> throughput = timeline.serviceThroughput();
    List<ServiceInstance> out = new ArrayList<>();
    for (Map.Entry<String, String> e : new TreeMap<>(health.services()).entrySet()) {
      String service = e.getKey();
      out.add(new ServiceInstance(service, instance, hostName, true, e.getValue(), roles.getOrDefault(service, "active"), List.of(), clock.instant(),
          stats(service, throughput.getOrDefault(service, 0.0))));
    }
    return out;
  }

  private Stats stats(String service, double throughput) {
    Map<String, double[]> perTenant = new TreeMap<>();
    for (Meter m : meters.find(PREFIX + "handled").tag("service", service).meters()) {
      add(perTenant, m, 0);
    }
    for (Meter m : meters.find(PREFIX + "failed").tag("service", service).meters()) {
      add(perTenant, m, 1);
    }
    for (Meter m : meters.find(PREFIX + "parked").tag("service", service).meters()) {
      add(perTenant, m, 2);
    }
    for (Meter m : meters.find(PREFIX + "lag.events").tag("service", service).meters()) {
      add(perTenant, m, 3);
    }
    for (Meter m : meters.find(PREFIX + "lag.seconds").tag("service", service).meters()) {
      add(perTenant, m, 4);
    }
    for (Meter m : meters.find(PREFIX + "inflight").tag("service", service).meters()) {
      add(perTenant, m, 5);
    }
    for (Meter m : meters.find(PREFIX + "stuck").tag("service", service).meters()) {
      add(perTenant, m, 6);
    }
    double[] all = new double[7];
    Map<String, Stats> tenants = new TreeMap<>();
    perTenant.forEach((tenant, v) -> {
      for (int i = 0; i < v.length; i++) {
        all[i] = i == 4 ? Math.max(all[i], v[i]) : all[i] + v[i];
      }
      tenants.put(tenant, of(0, v, Map.of()));
    });
    return of(throughput, all, tenants);
  }

  private static Stats of(double throughput, double[] v, Map<String, Stats> tenants) {
    return new Stats(throughput, (long) v[0], (long) v[1], (long) v[2], (long) v[3], v[4], (long) v[5], (long) v[6], tenants);
  }

  private static void add(Map<String, double[]> perTenant, Meter m, int index) {
    String tenant = m.getId().getTag("tenant");
    if (tenant == null) {
      return;
    }
    double value = switch (m) {
      case Counter c -> c.count();
      case Gauge g -> g.value();
      default -> 0;
    };
    if (!Double.isNaN(value)) {
      perTenant.computeIfAbsent(tenant, t -> new double[7])[index] += value;
    }
  }
}
