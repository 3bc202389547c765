package io.solstice.app.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.app.Platform;
import io.solstice.app.cli.ConfigDefaults;
import io.solstice.app.cli.SolsticeCli;
import io.solstice.app.deploy.DeployFiles;
import io.solstice.app.deploy.DeployFiles.Container;
import io.solstice.commerce.CommerceServices;
import io.solstice.store.sql.SqlDialect;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The Solstice processes of the deployment files ({@code deploy/docker-compose.yml} and {@code
 * deploy/k8s/}) start as {@code solstice serve} would start them: every flag they pass is in {@code
 * serve --help}, every {@code SOLSTICE_*} variable they set is a setting of {@code serve} or of the
 * settings docs, each command line and environment parses and builds a configuration, and the
 * topology rules of DEPLOY.md hold (the service groups, grace periods longer than the stop timeout,
 * no more instances of a service than the bus has partitions, one analytics instance, the same
 * secrets everywhere).
 */
class DeployCommandLinesTest {
  private static final Pattern FLAG = Pattern.compile("(?<![\\w-])(--[a-z][a-z0-9-]*)");
  private static final Pattern VARIABLE = Pattern.compile("\\bSOLSTICE_[A-Z0-9_]+\\b");
  private static final Map<String, Set<String>> GROUPS = Map.of(
      "api", Set.of(),
      "flow", Set.of("fraud", "order", "payment", "fulfillment", "notification"),
      "projections", Set.of("projections"),
      "analytics", Set.of("analytics"));

  private static Set<String> flags;
  private static Set<String> variables;
  private static List<Container> containers;

  @BeforeAll
  static void readHelpDocsAndFiles() {
    StringWriter out = new StringWriter();
    assertThat(SolsticeCli.run(new String[] {"serve", "--help"}, Map.of(), new PrintWriter(out), new PrintWriter(new StringWriter()))).isZero();
    String help = out.toString();
    flags = matches(FLAG, help);
    variables = new TreeSet<>(matches(VARIABLE, help));
    flags.forEach(f -> variables.add(ConfigDefaults.environmentVariable(f)));
    for (String doc : List.of("README.md", "docs/http-api.md")) {
      variables.addAll(matches(VARIABLE, DeployFiles.read(DeployFiles.root().resolve(doc))));
    }
    containers = DeployFiles.containers();
  }

  private static Set<String> matches(Pattern pattern, String text) {
    Set<String> found = new TreeSet<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      found.add(m.groupCount() > 0 ? m.group(1) : m.group());
    }
    return found;
  }

  /** The flags and SOLSTICE_* variables of {@code container} that serve and the settings docs do not know. */
  private static List<String> unknown(Container container) {
    List<String> unknown = new ArrayList<>();
    container.args().stream().filter(a -> a.startsWith("--")).map(a -> a.split("=", 2)[0]).filter(f -> !flags.contains(f)).forEach(unknown::add);
    container.env().keySet().stream().filter(v -> v.startsWith("SOLSTICE_")).filter(v -> !variables.contains(v)).sorted().forEach(unknown::add);
    return unknown;
  }

  /** {@code solstice serve} parsed with the container's arguments and environment, as the process would start. */
  private static Platform.Config configOf(Container container) {
    List<String> args = new ArrayList<>(List.of("serve"));
    args.addAll(container.args());
    String[] argv = args.toArray(String[]::new);
    CommandLine commandLine = SolsticeCli.create(container.env(), argv);
    try {
      commandLine.parseArgs(argv);
      ServeCommand serve = commandLine.getSubcommands().get("serve").getCommand();
      return serve.config();
    } catch (RuntimeException e) {
      throw new AssertionError(container.where() + ": solstice serve " + String.join(" ", container.args()) + " fails: " + e.getMessage(), e);
    }
  }

  @Test
  void theFilesDefineEveryServiceGroupInComposeAndKubernetes() {
    assertThat(containers.stream().filter(c -> c.where().startsWith("deploy/docker-compose.yml")).map(Container::group))
        .containsExactlyInAnyOrderElementsOf(GROUPS.keySet());
    assertThat(containers.stream().filter(c -> c.where().startsWith("deploy/k8s/")).map(Container::group))
        .containsExactlyInAnyOrderElementsOf(GROUPS.keySet());
  }

  @Test
  void everyFlagAndSolsticeVariableOfTheFilesExistsInServeHelpOrTheSettingsDocs() {
    List<String> problems = containers.stream().flatMap(c -> unknown(c).stream().map(u -> c.where() + ": " + u)).toList();

    assertThat(flags).as("flags read from serve --help").contains("--services", "--bus", "--stop-timeout");
    assertThat(problems).as("flags and variables that solstice serve does not have").isEmpty();
  }

  @Test
  void aFlagOrVariableThatServeDoesNotHaveIsReported() {
    Container made = new Container("made-up", "api", List.of("--services", "none", "--worker-threads=4"),
        Map.of("SOLSTICE_BUS", "kafka://k:9092", "SOLSTICE_BUS_PARTITONS", "8"), Map.of(), 1, 1, Duration.ofSeconds(45), Duration.ZERO, false, false);

    assertThat(unknown(made)).containsExactly("--worker-threads", "SOLSTICE_BUS_PARTITONS");
  }

  @Test
  void eachServiceGroupRunsTheServicesTheIssueNamesForIt() {
    for (Container c : containers) {
      assertThat(configOf(c).services()).as("%s: the services of group %s", c.where(), c.group()).isEqualTo(GROUPS.get(c.group()));
    }
    assertThat(GROUPS.values().stream().flatMap(Set::stream).collect(Collectors.toSet())).as("the groups cover every service")
        .containsExactlyInAnyOrderElementsOf(CommerceServices.NAMES);
  }

  @Test
  void everyProcessRunsOnPostgresqlWithTheKafkaBus() {
    for (Container c : containers) {
      Platform.Config config = configOf(c);
      assertThat(config.store().dialect()).as("%s: --backend", c.where()).isEqualTo(SqlDialect.POSTGRES);
      assertThat(config.bus()).as("%s: --bus", c.where()).isNotNull();
    }
  }

  @Test
  void everyProcessIsGivenLongerToStopThanItsServicesStopTimeout() {
    for (Container c : containers) {
      Duration stopTimeout = configOf(c).stopTimeout();
      assertThat(c.gracePeriod()).as("%s: the grace period after the stop signal (pre-stop pause %s, --stop-timeout %s)", c.where(), c.preStop(),
          stopTimeout).isGreaterThan(c.preStop().plus(stopTimeout));
    }
  }

  @Test
  void noServiceRunsMoreInstancesThanTheBusHasPartitions() {
    for (Container c : containers) {
      Platform.Config config = configOf(c);
      if (!config.services().isEmpty()) {
        assertThat(c.maxInstances()).as("%s: instances of %s at most --bus-partitions", c.where(), config.services())
            .isLessThanOrEqualTo(config.bus().partitions());
      }
    }
  }

  @Test
  void analyticsRunsOneInstanceNeverTwoAtOnceAndKeepsItsDatabase() {
    List<Container> analytics = containers.stream().filter(c -> configOf(c).services().contains("analytics")).toList();

    assertThat(analytics).as("processes running analytics").hasSize(2);
    for (Container c : analytics) {
      assertThat(c.minInstances()).as(c.where()).isEqualTo(1);
      assertThat(c.maxInstances()).as(c.where()).isEqualTo(1);
      assertThat(c.neverTwoAtOnce()).as("%s: the old instance stops before the new one starts", c.where()).isTrue();
      assertThat(c.persistentData()).as("%s: the data directory (analytics.duckdb) is on a persistent volume", c.where()).isTrue();
    }
  }

  @Test
  void everyProcessOfAFileTakesTheSameAdminKeyPepperAndDatabaseFromOneSecret() {
    for (String file : List.of("deploy/docker-compose.yml", "deploy/k8s/")) {
      List<Container> ofFile = containers.stream().filter(c -> c.where().startsWith(file)).toList();
      for (String secret : List.of("SOLSTICE_ADMIN_KEY", "SOLSTICE_KEY_PEPPER", "SOLSTICE_PG_URL")) {
        Set<String> sources = ofFile.stream().map(c -> c.secretSources().getOrDefault(secret, c.where() + " sets it in the file")).collect(
            Collectors.toSet());
        assertThat(sources).as("%s: where %s comes from, in every process", file, secret).hasSize(1);
      }
    }
  }
}
