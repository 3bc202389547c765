package io.solstice.app.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Supplies option values not given as flags, so every command follows one convention: <b>flags over
 * environment over config file over the built-in default</b>.
 *
 * <ul>
 *   <li>Environment: {@code SOLSTICE_} + the option's long name in upper case with dashes as
 *       underscores: {@code --pg-url} ← {@code SOLSTICE_PG_URL}, {@code --data} ← {@code SOLSTICE_DATA}.
 *   <li>Config file (Java properties): first the key qualified by the command path below {@code
 *       solstice}, then the bare name, both without leading dashes: for {@code solstice bench store
 *       --writers}, {@code bench.store.writers} then {@code writers}.
 *   <li>Otherwise the option's {@code defaultValue}.
 * </ul>
 *
 * Help, version and {@code --config} options are never defaulted.
 */
public final class ConfigDefaults implements IDefaultValueProvider {

  private final Map<String, String> env;
  private final Properties file;

  private ConfigDefaults(Map<String, String> env, Properties file) {
    this.env = Map.copyOf(env);
    this.file = file;
  }

  /** Defaults from {@code env} only. */
  public static ConfigDefaults fromEnvironment(Map<String, String> env) {
    return new ConfigDefaults(env, new Properties());
  }

  /**
   * Defaults from {@code env} and the properties file {@code configFile}.
   *
   * @throws CommandFailedException if the file cannot be read
   */
  public static ConfigDefaults from(Map<String, String> env, Path configFile) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(configFile)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new CommandFailedException(
          "cannot read config file " + configFile.toAbsolutePath() + " (" + e + "); fix the path given with --config or SOLSTICE_CONFIG");
    }
    return new ConfigDefaults(env, properties);
  }

  /** The environment variable for an option's long name: {@code --pg-url} → {@code SOLSTICE_PG_URL}. */
  public static String environmentVariable(String longName) {
    return "SOLSTICE_" + bare(longName).toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /**
   * The config file's entries whose key starts with {@code prefix}, keyed by the rest of the key
   * (e.g. {@code store.} gives {@code eu.url → jdbc:…} for {@code store.eu.url}); values stripped.
   * For settings that are not options, such as the named stores of {@code serve}.
   */
  public Map<String, String> fileEntries(String prefix) {
    Map<String, String> entries = new TreeMap<>();
    for (String key : file.stringPropertyNames()) {
      if (key.startsWith(prefix) && key.length() > prefix.length()) {
        entries.put(key.substring(prefix.length()), file.getProperty(key).strip());
      }
    }
    return entries;
  }

  @Override
  public String defaultValue(ArgSpec argSpec) {
    if (!(argSpec instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()
        || option.longestName().equals("--config")) {
      return null;
    }
    String name = bare(option.longestName());
    String fromEnv = env.get(environmentVariable(option.longestName()));
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return fromEnv;
    }
    for (String key : fileKeys(option.command(), name)) {
      String value = file.getProperty(key);
      if (value != null) {
        return value.strip();
      }
    }
    return null;
  }

  private static List<String> fileKeys(CommandSpec command, String name) {
    List<String> path = new ArrayList<>();
    for (CommandSpec c = command; c != null && c.parent() != null; c = c.parent()) {
      path.addFirst(c.name());
    }
    List<String> keys = new ArrayList<>();
    if (!path.isEmpty()) {
      keys.add(String.join(".", path) + "." + name);
    }
    keys.add(name);
    return keys;
  }

  private static String bare(String optionName) {
    int start = 0;
    while (start < optionName.length() && optionName.charAt(start) == '-') {
      start++;
    }
    return optionName.substring(start);
  }
}
