package io.solstice.app.ops;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where the console learns which service instances run and how they fare ({@code GET
 * /admin/services}). {@link LocalServiceDirectory} knows the services of this process only; {@link
 * RegistryServiceDirectory}, on the store's instance registry (each process's {@link
 * InstanceHeartbeat}), lists every instance of the deployment.
 */
public interface ServiceDirectory {

  /** Every known instance of every service, ordered by service, then instance. */
  List<ServiceInstance> instances();

  /**
   * One running instance of a service.
   *
   * @param service the service's name, e.g. {@code payment}
   * @param instance the instance's id, unique per process start ({@code host-pid-random})
   * @param host the host it runs on
   * @param local true when it runs in the process that answers
   * @param state its state: NEW, RUNNING, STOPPING, STOPPED or FAILED
   * @param role {@code active} or {@code standby} (with standby instances), else {@code active}
   * @param partitions the partitions or leases it holds (empty when it reads the whole feed)
   * @param heartbeat when it last reported (now for a local instance)
   * @param stats its figures, null when unknown (a remote instance's)
   */
  record ServiceInstance(String service, String instance, String host, boolean local, String state, String role, List<String> partitions,
      Instant heartbeat, Stats stats) {
    public ServiceInstance {
      partitions = List.copyOf(partitions);
    }
  }

  /**
   * How a service instance fares.
   *
   * @param throughput inputs handled per second over the console's last interval
   * @param handled inputs handled since it started
   * @param failed failed attempts since it started (each retry counts)
   * @param parked inputs parked as dead letters since it started
   * @param lagEvents events read and not yet completed
   * @param lagSeconds age of the oldest such event, in seconds
   * @param inflight inputs being handled now
   * @param stuck streams failing for longer than the retry policy allows
   * @param tenants the same per tenant (throughput excepted, which is 0 there)
   */
  record Stats(double throughput, long handled, long failed, long parked, long lagEvents, double lagSeconds, long inflight, long stuck,
      Map<String, Stats> tenants) {
    public Stats {
      tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
    }
  }
}
