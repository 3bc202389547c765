package io.solstice.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class ConfigDefaultsTest {

  @Command(name = "root", subcommands = Probe.class)
  static final class Root {}

  @Command(name = "probe")
  static final class Probe {
    @Option(names = "--pg-url") String pgUrl;
    @Option(names = "--writers", defaultValue = "64") int writers;
  }

  @TempDir Path dir;

  private Probe parse(ConfigDefaults defaults, String... args) {
    CommandLine root = new CommandLine(new Root());
    root.setDefaultValueProvider(defaults);
    return (Probe) root.parseArgs(args).subcommand().commandSpec().userObject();
  }

  private Path configFile(String content) throws IOException {
    Path file = dir.resolve("solstice.properties");
    Files.writeString(file, content);
    return file;
  }

  @Test
  void aFlagWinsOverEnvironmentAndFile() throws IOException {
    ConfigDefaults defaults = ConfigDefaults.from(Map.of("SOLSTICE_WRITERS", "8"), configFile("writers=4\n"));

    assertThat(parse(defaults, "probe", "--writers", "2").writers).isEqualTo(2);
  }

  @Test
  void theEnvironmentWinsOverTheFile() throws IOException {
    ConfigDefaults defaults = ConfigDefaults.from(Map.of("SOLSTICE_PG_URL", "jdbc:postgresql://env/db"), configFile("pg-url=jdbc:postgresql://file/db\n"));

    assertThat(parse(defaults, "probe").pgUrl).isEqualTo("jdbc:postgresql://env/db");
  }

  @Test
  void theFileWinsOverTheBuiltInDefaultAndACommandQualifiedKeyOverABareOne() throws IOException {
    ConfigDefaults defaults = ConfigDefaults.from(Map.of(), configFile("writers=4\nprobe.writers=16\n"));

    assertThat(parse(defaults, "probe").writers).isEqualTo(16);
  }

  @Test
  void withoutFlagEnvironmentOrFileTheBuiltInDefaultApplies() {
    assertThat(parse(ConfigDefaults.fromEnvironment(Map.of()), "probe").writers).isEqualTo(64);
  }

  @Test
  void environmentVariableNamesFollowTheLongOptionName() {
    assertThat(ConfigDefaults.environmentVariable("--pg-url")).isEqualTo("SOLSTICE_PG_URL");
    assertThat(ConfigDefaults.environmentVariable("--data")).isEqualTo("SOLSTICE_DATA");
  }

  @Test
  void aMissingConfigFileIsRefusedWithItsPath() {
    Path missing = dir.resolve("nope.properties");

    assertThatThrownBy(() -> ConfigDefaults.from(Map.of(), missing))
        .isInstanceOf(CommandFailedException.class)
        .hasMessageContaining("nope.properties");
  }
}
