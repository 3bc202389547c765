package io.solstice.app.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The deployment files under {@code deploy/}, read for tests: the Dockerfile, the Compose file, the
 * Kubernetes manifests and Prometheus' configuration. YAML is read with SnakeYAML (anchors and
 * merge keys resolved, as Compose does). {@link #containers()} gives every Solstice process they
 * define as the command line and environment it would start with; {@link #probes()} every HTTP
 * path something probes or scrapes.
 */
public final class DeployFiles {

  /**
   * Stand-ins for the values the files take from secrets or the shell, chosen to be valid (the
   * pepper is 32 bytes of base64).
   */
  public static final Map<String, String> SAMPLE_SECRETS = Map.of(
      "SOLSTICE_ADMIN_KEY", "sk_admin_sample-admin-key-for-tests-only",
      "SOLSTICE_KEY_PEPPER", Base64.getEncoder().encodeToString("a sample pepper of thirty-two bytes".getBytes(StandardCharsets.US_ASCII)),
      "SOLSTICE_PG_URL", "jdbc:postgresql://db.example:5432/solstice?user=solstice&password=sample",
      "POSTGRES_PASSWORD", "sample");

  private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-?])([^}]*))?}");
  private static final Pattern URL_PATH = Pattern.compile("https?://[^/\\s\"']+(/[^\\s\"']*)");
  private static final ObjectMapper JSON = new ObjectMapper();

  private DeployFiles() {}

  /**
   * One Solstice process as a deployment file defines it.
   *
   * @param where file and service or Deployment, for messages
   * @param group the service group: the Compose service, or the Deployment's name without {@code solstice-}
   * @param args the arguments after {@code solstice serve}
   * @param env its {@code SOLSTICE_*} environment: the image's, then the file's (secrets as {@link #SAMPLE_SECRETS})
   * @param secretSources where each variable that comes from outside the file is taken from ({@code
   *     ${VAR}} for a Compose interpolation, {@code secret/key} for a Kubernetes Secret)
   * @param minInstances the fewest instances the file runs
   * @param maxInstances the most instances the file runs (an autoscaler's maximum)
   * @param gracePeriod how long the platform waits after the stop signal before killing it
   * @param preStop how long a pre-stop hook delays the stop signal
   * @param neverTwoAtOnce whether an update stops the old instance before starting the new one
   * @param persistentData whether the data directory is on a volume that outlives the container
   */
  public record Container(String where, String group, List<String> args, Map<String, String> env, Map<String, String> secretSources,
      int minInstances, int maxInstances, Duration gracePeriod, Duration preStop, boolean neverTwoAtOnce, boolean persistentData) {}

  /** An HTTP path that a health check, probe or scrape asks for. */
  public record Probe(String where, String path) {}

  /** A Kubernetes object and the file it is in. */
  public record Manifest(String file, Map<String, Object> object) {
    public String kind() {
      return string(object.get("kind"));
    }

    public String name() {
      return string(map(object.get("metadata")).get("name"));
    }
  }

  /** The last stage of {@code deploy/Dockerfile}: what the image is. */
  public record Dockerfile(String from, Map<String, String> env, String user, List<String> entrypoint, List<String> cmd,
      String healthcheck, String stopSignal, List<String> instructions) {}

  // ---- files ----------------------------------------------------------------------------------

  /** The repository root: the nearest directory up from here holding README.md and docs/. */
  public static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !(Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("docs")))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new UncheckedIOException(new IOException("no README.md with docs/ above " + Path.of("").toAbsolutePath()));
    }
    return dir;
  }

  public static Path deploy() {
    return root().resolve("deploy");
  }

  public static Path composeFile() {
    return deploy().resolve("docker-compose.yml");
  }

  public static Path prometheusFile() {
    return deploy().resolve("prometheus.yml");
  }

  public static Path k8sDirectory() {
    return deploy().resolve("k8s");
  }

  public static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static Yaml yaml() {
    return new Yaml(new SafeConstructor(new LoaderOptions()));
  }

  public static Map<String, Object> compose() {
    return map(yaml().load(read(composeFile())));
  }

  public static Map<String, Object> prometheus() {
    return map(yaml().load(read(prometheusFile())));
  }

  /** Every object of every {@code deploy/k8s/*.yaml} file, in file order. */
  public static List<Manifest> manifests() {
    List<Manifest> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(k8sDirectory())) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList()) {
        for (Object doc : yaml().loadAll(read(file))) {
          if (doc != null) {
            all.add(new Manifest(root().relativize(file).toString(), map(doc)));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + k8sDirectory(), e);
    }
    return all;
  }

  public static List<Manifest> manifests(String kind) {
    return manifests().stream().filter(m -> m.kind().equals(kind)).toList();
  }

  public static Dockerfile dockerfile() {
    List<String> lines = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String raw : read(deploy().resolve("Dockerfile")).split("\n", -1)) {
      String line = raw.strip();
      if (line.startsWith("#") || (line.isEmpty() && current.isEmpty())) {
        continue;
      }
      if (line.endsWith("\\")) {
        current.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      current.append(line);
      if (!current.toString().isBlank()) {
        lines.add(current.toString().strip());
      }
      current.setLength(0);
    }
    int lastFrom = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (keyword(lines.get(i)).equals("FROM")) {
        lastFrom = i;
      }
    }
    Map<String, String> globalArgs = new LinkedHashMap<>();
    for (String line : lines.subList(0, lines.stream().filter(l -> keyword(l).equals("FROM")).findFirst().map(lines::indexOf).orElse(0))) {
      if (keyword(line).equals("ARG") && rest(line).contains("=")) {
        globalArgs.put(rest(line).substring(0, rest(line).indexOf('=')), rest(line).substring(rest(line).indexOf('=') + 1));
      }
    }
    List<String> stage = lines.subList(lastFrom, lines.size());
    String from = rest(stage.getFirst()).split("\\s+")[0];
    for (Map.Entry<String, String> arg : globalArgs.entrySet()) {
      from = from.replace("${" + arg.getKey() + "}", arg.getValue());
    }
    Map<String, String> env = new LinkedHashMap<>();
    String user = null;
    String healthcheck = null;
    String stopSignal = null;
    List<String> entrypoint = List.of();
    List<String> cmd = List.of();
    for (String line : stage) {
      String rest = rest(line);
      switch (keyword(line)) {
        case "ENV" -> {
          for (String pair : rest.split("\\s+")) {
            int eq = pair.indexOf('=');
            env.put(pair.substring(0, eq), pair.substring(eq + 1));
          }
        }
        case "USER" -> user = rest;
        case "HEALTHCHECK" -> healthcheck = rest;
        case "STOPSIGNAL" -> stopSignal = rest;
        case "ENTRYPOINT" -> entrypoint = jsonArray(rest, line);
        case "CMD" -> cmd = jsonArray(rest, line);
        default -> {
          // other instructions are read through instructions()
        }
      }
    }
    return new Dockerfile(from, Map.copyOf(env), user, entrypoint, cmd, healthcheck, stopSignal, List.copyOf(lines));
  }

  private static String keyword(String line) {
    return line.split("\\s+", 2)[0].toUpperCase(java.util.Locale.ROOT);
  }

  private static String rest(String line) {
    String[] parts = line.split("\\s+", 2);
    return parts.length < 2 ? "" : parts[1].strip();
  }

  private static List<String> jsonArray(String text, String line) {
    try {
      return JSON.readValue(text, new TypeReference<List<String>>() {});
    } catch (JsonProcessingException e) {
      throw new AssertionError("deploy/Dockerfile: expected the exec form (a JSON array) in: " + line, e);
    }
  }

  // ---- the Solstice processes -------------------------------------------------------------------

  /** Every Solstice process of the Compose file and the Kubernetes manifests. */
  public static List<Container> containers() {
    List<Container> all = new ArrayList<>(composeContainers());
    all.addAll(k8sContainers());
    return all;
  }

  /** The Compose services built from deploy/Dockerfile. */
  public static List<Container> composeContainers() {
    Dockerfile image = dockerfile();
    Map<String, Object> compose = compose();
    Map<String, Object> namedVolumes = map(compose.getOrDefault("volumes", Map.of()));
    List<Container> containers = new ArrayList<>();
    map(compose.get("services")).forEach((name, value) -> {
      Map<String, Object> service = map(value);
      if (!isSolsticeService(service)) {
        return;
      }
      Map<String, String> env = new LinkedHashMap<>(image.env());
      Map<String, String> sources = new LinkedHashMap<>();
      map(service.getOrDefault("environment", Map.of())).forEach((key, v) -> {
        String raw = string(v);
        Matcher m = INTERPOLATION.matcher(raw);
        while (m.find()) {
          sources.put(key, "${" + m.group(1) + "}");
        }
        env.put(key, interpolate(raw));
      });
      int replicas = integer(map(service.getOrDefault("deploy", Map.of())).getOrDefault("replicas", 1));
      String dataDirectory = env.get("SOLSTICE_DATA");
      boolean persistent = list(service.getOrDefault("volumes", List.of())).stream().map(DeployFiles::string).anyMatch(v -> {
        String[] parts = v.split(":");
        return parts.length >= 2 && parts[1].equals(dataDirectory) && namedVolumes.containsKey(parts[0]);
      });
      containers.add(new Container("deploy/docker-compose.yml service " + name, name,
          list(service.getOrDefault("command", List.of())).stream().map(DeployFiles::string).toList(), Map.copyOf(env), Map.copyOf(sources),
          replicas, replicas, duration(string(service.getOrDefault("stop_grace_period", "10s"))), Duration.ZERO, true, persistent));
    });
    return containers;
  }

  /** Whether a Compose service runs the Solstice image (it is built from deploy/Dockerfile). */
  public static boolean isSolsticeService(Map<String, Object> service) {
    Object build = service.get("build");
    return build instanceof Map<?, ?> b && "deploy/Dockerfile".equals(b.get("dockerfile"));
  }

  /** The containers of the Kubernetes Deployments that run the Solstice image. */
  public static List<Container> k8sContainers() {
    Dockerfile image = dockerfile();
    List<Manifest> manifests = manifests();
    Map<String, Map<String, Object>> configMaps = new LinkedHashMap<>();
    manifests.stream().filter(m -> m.kind().equals("ConfigMap")).forEach(m -> configMaps.put(m.name(), map(m.object().getOrDefault("data", Map.of()))));
    List<Container> containers = new ArrayList<>();
    for (Manifest deployment : manifests.stream().filter(m -> m.kind().equals("Deployment")).toList()) {
      Map<String, Object> spec = map(deployment.object().get("spec"));
      Map<String, Object> pod = map(map(spec.get("template")).get("spec"));
      Optional<Manifest> hpa = manifests.stream().filter(m -> m.kind().equals("HorizontalPodAutoscaler"))
          .filter(m -> deployment.name().equals(map(map(m.object().get("spec")).get("scaleTargetRef")).get("name"))).findFirst();
      int min = hpa.map(h -> integer(map(h.object().get("spec")).getOrDefault("minReplicas", 1))).orElse(integer(spec.getOrDefault("replicas", 1)));
      int max = hpa.map(h -> integer(map(h.object().get("spec")).get("maxReplicas"))).orElse(min);
      boolean recreate = "Recreate".equals(map(spec.getOrDefault("strategy", Map.of())).get("type"));
      Duration grace = Duration.ofSeconds(integer(pod.getOrDefault("terminationGracePeriodSeconds", 30)));
      Map<String, Object> volumes = new LinkedHashMap<>();
      list(pod.getOrDefault("volumes", List.of())).forEach(v -> volumes.put(string(map(v).get("name")), v));
      for (Object c : list(pod.get("containers"))) {
        Map<String, Object> container = map(c);
        if (!string(container.get("image")).startsWith("solstice")) {
          continue;
        }
        String where = deployment.file() + " Deployment " + deployment.name();
        Map<String, String> env = new LinkedHashMap<>(image.env());
        Map<String, String> sources = new LinkedHashMap<>();
        for (Object from : list(container.getOrDefault("envFrom", List.of()))) {
          String configMap = string(map(map(from).get("configMapRef")).get("name"));
          Map<String, Object> data = Objects.requireNonNull(configMaps.get(configMap), where + " takes its environment from ConfigMap " + configMap
              + ", which no file in deploy/k8s defines");
          data.forEach((k, v) -> env.put(k, string(v)));
        }
        for (Object e : list(container.getOrDefault("env", List.of()))) {
          Map<String, Object> entry = map(e);
          String name = string(entry.get("name"));
          if (entry.containsKey("value")) {
            env.put(name, string(entry.get("value")));
          } else {
            Map<String, Object> ref = map(map(entry.get("valueFrom")).get("secretKeyRef"));
            sources.put(name, ref.get("name") + "/" + ref.get("key"));
            env.put(name, SAMPLE_SECRETS.getOrDefault(name, "sample-" + ref.get("key")));
          }
        }
        Object preStopCommand = map(map(map(container.getOrDefault("lifecycle", Map.of())).getOrDefault("preStop", Map.of()))
            .getOrDefault("exec", Map.of())).get("command");
        Duration preStop = preStopCommand == null ? Duration.ZERO : sleepOf(list(preStopCommand), where);
        String dataDirectory = env.get("SOLSTICE_DATA");
        boolean persistent = list(container.getOrDefault("volumeMounts", List.of())).stream().map(DeployFiles::map)
            .filter(mount -> dataDirectory.equals(mount.get("mountPath")))
            .anyMatch(mount -> map(volumes.getOrDefault(string(mount.get("name")), Map.of())).containsKey("persistentVolumeClaim"));
        containers.add(new Container(where, deployment.name().replaceFirst("^solstice-", ""),
            list(container.getOrDefault("args", List.of())).stream().map(DeployFiles::string).toList(), Map.copyOf(env), Map.copyOf(sources),
            min, max, grace, preStop, recreate, persistent));
      }
    }
    return containers;
  }

  private static Duration sleepOf(List<Object> command, String where) {
    if (command.size() == 2 && "sleep".equals(command.getFirst())) {
      return Duration.ofSeconds(Long.parseLong(string(command.get(1))));
    }
    throw new AssertionError(where + ": a preStop hook other than [sleep, N] is not understood by this test: " + command);
  }

  /** A Compose duration: {@code 45s}, {@code 1m30s}, {@code 2m}. */
  static Duration duration(String text) {
    Matcher m = Pattern.compile("(\\d+)(ms|h|m|s)").matcher(text);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        break;
      }
      long n = Long.parseLong(m.group(1));
      total = total.plus(switch (m.group(2)) {
        case "h" -> Duration.ofHours(n);
        case "m" -> Duration.ofMinutes(n);
        case "s" -> Duration.ofSeconds(n);
        default -> Duration.ofMillis(n);
      });
      end = m.end();
    }
    if (end != text.length() || end == 0) {
      throw new IllegalArgumentException("not a Compose duration: " + text);
    }
    return total;
  }

  /** {@code text} with Compose's {@code ${VAR}}, {@code ${VAR:-default}} and {@code ${VAR:?message}} filled in from {@link #SAMPLE_SECRETS}. */
  static String interpolate(String text) {
    Matcher m = INTERPOLATION.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = SAMPLE_SECRETS.get(m.group(1));
      if (value == null) {
        value = "-".equals(m.group(2)) ? m.group(3) : "sample";
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  // ---- probes ---------------------------------------------------------------------------------

  /** Every HTTP path a health check, probe or scrape of the deployment files asks a Solstice process for. */
  public static List<Probe> probes() {
    List<Probe> probes = new ArrayList<>();
    Dockerfile image = dockerfile();
    if (image.healthcheck() != null) {
      urlPaths(image.healthcheck()).forEach(p -> probes.add(new Probe("deploy/Dockerfile HEALTHCHECK", p)));
    }
    map(compose().get("services")).forEach((name, value) -> {
      Map<String, Object> service = map(value);
      if (isSolsticeService(service) && service.get("healthcheck") instanceof Map<?, ?> check) {
        urlPaths(String.valueOf(check.get("test"))).forEach(p -> probes.add(new Probe("deploy/docker-compose.yml service " + name, p)));
      }
    });
    for (Manifest deployment : manifests("Deployment")) {
      Map<String, Object> pod = map(map(map(deployment.object().get("spec")).get("template")).get("spec"));
      for (Object c : list(pod.get("containers"))) {
        Map<String, Object> container = map(c);
        for (String kind : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
          if (container.get(kind) instanceof Map<?, ?> probe && probe.get("httpGet") instanceof Map<?, ?> get) {
            probes.add(new Probe(deployment.file() + " Deployment " + deployment.name() + " " + kind, String.valueOf(get.get("path"))));
          }
        }
      }
    }
    for (Object job : list(prometheus().getOrDefault("scrape_configs", List.of()))) {
      Map<String, Object> scrape = map(job);
      probes.add(new Probe("deploy/prometheus.yml job " + scrape.get("job_name"), string(scrape.getOrDefault("metrics_path", "/metrics"))));
    }
    return probes;
  }

  private static List<String> urlPaths(String text) {
    List<String> paths = new ArrayList<>();
    Matcher m = URL_PATH.matcher(text);
    while (m.find()) {
      paths.add(m.group(1));
    }
    return paths;
  }

  // ---- tools ----------------------------------------------------------------------------------

  /** True where a missing tool fails a test rather than skipping it: in CI, or with SOLSTICE_REQUIRE_TEST_TOOLS=1. */
  public static boolean toolsRequired() {
    return "1".equals(System.getenv("SOLSTICE_REQUIRE_TEST_TOOLS")) || "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /**
   * The executable {@code name} (on the PATH or in /usr/bin). Missing, it fails the test where tools
   * are required and skips it elsewhere, saying which Debian package to install.
   */
  public static Path requireTool(String name, String debianPackage) {
    List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
    dirs.add("/usr/bin");
    for (String dir : dirs) {
      if (!dir.isBlank() && Files.isExecutable(Path.of(dir, name))) {
        return Path.of(dir, name);
      }
    }
    String message = name + " is not installed (apt-get install " + debianPackage + "; bash .ci/run installs it)";
    if (toolsRequired()) {
      throw new AssertionError(message);
    }
    Assumptions.abort("skipped: " + message);
    throw new IllegalStateException("unreachable");
  }

  // ---- YAML values ----------------------------------------------------------------------------

  @SuppressWarnings("unchecked")
  public static Map<String, Object> map(Object value) {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?>)) {
      throw new AssertionError("expected a mapping but found " + value);
    }
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  public static List<Object> list(Object value) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?>)) {
      throw new AssertionError("expected a list but found " + value);
    }
    return (List<Object>) value;
  }

  public static String string(Object value) {
    return value == null ? "" : String.valueOf(value);
  }

  public static int integer(Object value) {
    return value instanceof Number n ? n.intValue() : Integer.parseInt(string(value).strip());
  }
}
