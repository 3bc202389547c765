package io.solstice.core.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The running Solstice processes of one deployment, as each reports itself in a heartbeat to the
 * store's database: what it runs and how it is doing. Any process can list every instance, so an
 * operator's view covers the whole deployment, not only the process asked.
 */
public interface InstanceRegistry {

  /** Records {@code instance} as alive now (by the database's clock), replacing its previous record. */
  void heartbeat(Instance instance);

  /** The instances whose last heartbeat is younger than {@code within}, by instance id. */
  List<Instance> live(Duration within);

  /** Removes an instance's record (it stopped cleanly); also forgets records older than a day. */
  void remove(String instanceId);

  /**
   * One instance as recorded.
   *
   * @param instanceId unique per process start, e.g. {@code host-4242-1f3a}
   * @param host the machine's name
   * @param pid its process id
   * @param url its HTTP API, or null when it serves none
   * @param startedAt when it started
   * @param heartbeatAt its last heartbeat (set by the registry)
   * @param services the services it runs
   * @param status a JSON object with the state of each service (role, throughput, lag, …)
   */
  record Instance(String instanceId, String host, long pid, String url, Instant startedAt, Instant heartbeatAt, List<String> services,
      String status) {
    public Instance {
      Objects.requireNonNull(instanceId, "instanceId");
      Objects.requireNonNull(host, "host");
      services = List.copyOf(services);
      status = status == null ? "{}" : status;
    }
  }
}
