package io.solstice.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.solstice.app.deploy.DeployFiles;
import io.solstice.app.deploy.DeployFiles.Probe;
import io.solstice.testkit.Await;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every HTTP path that the deployment files probe or scrape (the image's HEALTHCHECK, the
 * Kubernetes startup, readiness and liveness probes, Prometheus' metrics path) is a GET route in
 * {@code /openapi.json}, and a running server answers it with 200 without an API key, as a probe
 * asks.
 */
class DeployProbesTest {
  @RegisterExtension static final TestServer server = TestServer.allServices();

  @Test
  void everyProbedPathIsADocumentedGetRouteThatAnswersWithoutAKey() {
    List<Probe> probes = DeployFiles.probes();
    JsonNode paths = server.get("/openapi.json", null).json().path("paths");

    assertThat(probes).extracting(Probe::path).contains("/health/live", "/health/ready", "/metrics");
    for (Probe probe : probes) {
      assertThat(paths.path(probe.path()).has("get")).as("%s probes GET %s: in /openapi.json", probe.where(), probe.path()).isTrue();
      Await.until(probe.where() + ": GET " + probe.path() + " answers 200 without a key",
          () -> server.get(probe.path(), null).status() == 200);
    }
  }
}
