package io.solstice.pipeline;

import java.util.Map;

/**
 * The health of a {@link ServiceHost}, for {@code /health/live} and {@code /health/ready}.
 *
 * @param live no service's internal thread died (restart the process when false)
 * @param ready every service is running and has read its sources once
 * @param services each service's state: NEW, RUNNING, STOPPING, STOPPED or FAILED
 */
public record Health(boolean live, boolean ready, Map<String, String> services) {
  public Health {
    services = Map.copyOf(services);
  }
}
