package io.solstice.app.deploy;

import static io.solstice.app.deploy.DeployFiles.list;
import static io.solstice.app.deploy.DeployFiles.map;
import static io.solstice.app.deploy.DeployFiles.string;
import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.app.deploy.DeployFiles.Dockerfile;
import io.solstice.app.deploy.DeployFiles.Manifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The deployment files are well-formed where tools can check them without a Docker engine or a
 * cluster (Compose's own validation, promtool), and hang together: the image is a non-root JRE 21
 * image of the distribution tarball with a health check, the Kubernetes objects select what exists,
 * every manifest is in the kustomization, and Prometheus scrapes every service group.
 */
class DeployFilesTest {

  /** What a program did. */
  private record Run(int exitCode, String output) {}

  private static Run run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(DeployFiles.deploy().toFile()).redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    builder.environment().put("HOME", System.getProperty("java.io.tmpdir"));
    builder.environment().putAll(env);
    Path output = Files.createTempFile("deploy-tool", ".txt");
    try {
      Process process = builder.redirectOutput(output.toFile()).start();
      process.getOutputStream().close();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
      }
      return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static Map<String, String> composeSecrets() {
    Map<String, String> env = new HashMap<>();
    for (String name : List.of("SOLSTICE_ADMIN_KEY", "SOLSTICE_KEY_PEPPER", "POSTGRES_PASSWORD")) {
      env.put(name, DeployFiles.SAMPLE_SECRETS.get(name));
    }
    return env;
  }

  /** {@code docker-compose config -q} on the Compose file, with no {@code .env} file: only {@code env} set. */
  private static Run composeConfig(Map<String, String> env) throws IOException, InterruptedException {
    Path compose = DeployFiles.requireTool("docker-compose", "docker-compose");
    Path noEnvFile = Files.createTempFile("no-env", ".env");
    try {
      return run(List.of(compose.toString(), "--env-file", noEnvFile.toString(), "-f", DeployFiles.composeFile().toString(), "config", "-q"),
          env);
    } finally {
      Files.deleteIfExists(noEnvFile);
    }
  }

  @Test
  void theComposeFileValidates() throws Exception {
    Run config = composeConfig(composeSecrets());

    assertThat(config.exitCode()).as("docker-compose config -q says:%n%s", config.output()).isZero();
  }

  @Test
  void theComposeFileRefusesToRunWithoutItsSecrets() throws Exception {
    Run config = composeConfig(Map.of());

    assertThat(config.exitCode()).isNotZero();
    assertThat(config.output()).contains("see deploy/.env.example");
  }

  @Test
  void theEnvExampleNamesEverySecretTheComposeFileRequires() {
    String compose = DeployFiles.read(DeployFiles.composeFile());
    Set<String> required = new TreeSet<>();
    Matcher m = Pattern.compile("\\$\\{([A-Z0-9_]+):\\?").matcher(compose);
    while (m.find()) {
      required.add(m.group(1));
    }
    Set<String> example = DeployFiles.read(DeployFiles.deploy().resolve(".env.example")).lines().filter(l -> l.matches("[A-Z0-9_]+=.*"))
        .map(l -> l.substring(0, l.indexOf('='))).collect(Collectors.toCollection(TreeSet::new));

    assertThat(required).isNotEmpty();
    assertThat(example).isEqualTo(required);
  }

  @Test
  void prometheusConfigurationValidatesAndScrapesEveryServiceGroupOnTheImagesPort() throws Exception {
    Path promtool = DeployFiles.requireTool("promtool", "prometheus");

    Run check = run(List.of(promtool.toString(), "check", "config", DeployFiles.prometheusFile().toString()), Map.of());

    assertThat(check.exitCode()).as("promtool check config says:%n%s", check.output()).isZero();
    Set<String> solsticeServices = new TreeSet<>();
    map(DeployFiles.compose().get("services")).forEach((name, service) -> {
      if (DeployFiles.isSolsticeService(map(service))) {
        solsticeServices.add(name);
      }
    });
    Set<String> scraped = new TreeSet<>();
    for (Object job : list(DeployFiles.prometheus().get("scrape_configs"))) {
      for (Object sd : list(map(job).get("dns_sd_configs"))) {
        assertThat(string(map(sd).get("port"))).as("the port scraped").isEqualTo(DeployFiles.dockerfile().env().get("SOLSTICE_PORT"));
        list(map(sd).get("names")).forEach(n -> scraped.add(string(n)));
      }
    }
    assertThat(scraped).isEqualTo(solsticeServices);
  }

  @Test
  void theImageRunsTheDistributionOnAJre21AsANonRootUserWithAHealthCheck() {
    Dockerfile image = DeployFiles.dockerfile();

    assertThat(image.from()).as("the base image").matches("eclipse-temurin:21[.0-9_]*-jre.*");
    assertThat(image.user()).as("USER (numeric, so that Kubernetes' runAsNonRoot can check it)").matches("[1-9][0-9]*(:[0-9]+)?");
    assertThat(image.healthcheck()).as("HEALTHCHECK").contains("/health/live");
    assertThat(image.stopSignal()).isEqualTo("SIGTERM");
    assertThat(image.entrypoint()).containsExactly("/opt/solstice/bin/solstice", "serve");
    assertThat(image.instructions()).as("the distribution tarball is what the image is made of")
        .anyMatch(i -> i.startsWith("COPY solstice-dist/target/solstice-*.tar.gz "));
    assertThat(DeployFiles.read(DeployFiles.deploy().resolve("Dockerfile.dockerignore")).lines().filter(l -> !l.startsWith("#") && !l.isBlank()))
        .as("the build context sent: nothing but the tarball").containsExactly("*", "!solstice-dist/target/solstice-*.tar.gz");
  }

  @Test
  void everyPodRunsAsTheImagesUserWithoutServiceLinks() {
    String uid = DeployFiles.dockerfile().user().split(":")[0];
    for (Manifest deployment : DeployFiles.manifests("Deployment")) {
      Map<String, Object> pod = map(map(map(deployment.object().get("spec")).get("template")).get("spec"));
      Map<String, Object> security = map(pod.get("securityContext"));

      assertThat(pod.get("enableServiceLinks")).as("%s: enableServiceLinks (a Service named solstice would set SOLSTICE_PORT)", deployment.name())
          .isEqualTo(false);
      assertThat(security.get("runAsNonRoot")).as("%s: runAsNonRoot", deployment.name()).isEqualTo(true);
      assertThat(string(security.get("runAsUser"))).as("%s: runAsUser", deployment.name()).isEqualTo(uid);
    }
  }

  @Test
  void servicesBudgetsAndTheAutoscalerSelectDeploymentsThatExist() {
    List<Manifest> deployments = DeployFiles.manifests("Deployment");
    List<String> problems = new ArrayList<>();
    for (Manifest m : DeployFiles.manifests()) {
      Map<String, Object> spec = map(m.object().get("spec"));
      Map<String, Object> selector = switch (m.kind()) {
        case "Service" -> map(spec.get("selector"));
        case "PodDisruptionBudget" -> map(map(spec.get("selector")).get("matchLabels"));
        default -> null;
      };
      if (selector != null && deployments.stream().noneMatch(d -> podLabels(d).entrySet().containsAll(selector.entrySet()))) {
        problems.add(m.file() + " " + m.kind() + " " + m.name() + " selects " + selector + ", which no Deployment's pods carry");
      }
      if (m.kind().equals("HorizontalPodAutoscaler")) {
        String target = string(map(spec.get("scaleTargetRef")).get("name"));
        if (deployments.stream().noneMatch(d -> d.name().equals(target))) {
          problems.add(m.file() + " HorizontalPodAutoscaler " + m.name() + " scales " + target + ", which does not exist");
        }
      }
    }

    assertThat(DeployFiles.manifests("Service")).extracting(Manifest::name).contains("solstice-api");
    assertThat(DeployFiles.manifests("HorizontalPodAutoscaler")).extracting(Manifest::name).containsExactly("solstice-api");
    assertThat(DeployFiles.manifests("PodDisruptionBudget")).isNotEmpty();
    assertThat(problems).isEmpty();
  }

  private static Map<String, Object> podLabels(Manifest deployment) {
    return map(map(map(map(deployment.object().get("spec")).get("template")).get("metadata")).get("labels"));
  }

  @Test
  void theKustomizationListsEveryManifest() throws IOException {
    Path dir = DeployFiles.k8sDirectory();
    Set<String> files;
    try (Stream<Path> listing = Files.list(dir)) {
      files = listing.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
    Manifest kustomization = DeployFiles.manifests("Kustomization").getFirst();

    assertThat(list(kustomization.object().get("resources")).stream().map(DeployFiles::string)).containsExactlyInAnyOrderElementsOf(files);
  }
}
