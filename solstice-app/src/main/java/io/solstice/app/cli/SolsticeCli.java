package io.solstice.app.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Assembles the {@code solstice} command line: the {@link SolsticeCommand} root, the built-in
 * {@link Subcommands}, the {@link CliExtension}s found on the class path, the configuration
 * convention of {@link ConfigDefaults}, and error handling (a failing command prints one message
 * line on stderr and exits 1; a usage error prints the problem and the usage and exits 2).
 */
public final class SolsticeCli {

  /** Exit code of a command that failed. */
  public static final int EXIT_FAILED = 1;

  private SolsticeCli() {}

  /** Runs {@code solstice} with the process's environment, stdout and stderr. */
  public static int run(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    return run(args, System.getenv(), out, err);
  }

  /** Runs {@code solstice} with the given environment and output streams; returns the exit code. */
  public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
    CommandLine commandLine;
    try {
      commandLine = create(env, args);
    } catch (CommandFailedException e) {
      err.println("solstice: " + e.getMessage());
      err.flush();
      return EXIT_FAILED;
    }
    commandLine.setOut(out);
    commandLine.setErr(err);
    int exitCode = commandLine.execute(args);
    out.flush();
    err.flush();
    return exitCode;
  }

  /**
   * Builds the command line for {@code args} (read only to find {@code --config}).
   *
   * @throws CommandFailedException if the config file or an extension is unusable
   */
  public static CommandLine create(Map<String, String> env, String... args) {
    CommandLine commandLine = new CommandLine(new SolsticeCommand());
    Map<String, String> origins = new HashMap<>();
    for (Object command : Subcommands.builtIn()) {
      add(commandLine, command, "built-in", origins);
    }
    for (CliExtension extension : ServiceLoader.load(CliExtension.class)) {
      add(commandLine, extension.command(), extension.getClass().getName(), origins);
    }
    add(commandLine, new CommandLine.HelpCommand(), "built-in", origins);
    reportVersionEverywhere(commandLine);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    // the descriptions are wrapped by hand at 100 columns: wider terminals show them as written, and
    // where the width is unknown (a pipe, a file) picocli must not re-wrap them at its default 80
    commandLine.setUsageHelpWidth(100);
    commandLine.setUsageHelpAutoWidth(true);
    commandLine.setExecutionExceptionHandler(new FailureHandler(env));
    commandLine.setDefaultValueProvider(defaults(env, args));
    return commandLine;
  }

  private static void add(CommandLine root, Object command, String origin, Map<String, String> origins) {
    CommandLine sub = new CommandLine(command);
    String name = sub.getCommandName();
    String previous = origins.putIfAbsent(name, origin);
    if (previous != null) {
      throw new CommandFailedException(
          "two subcommands are named '" + name + "' (" + previous + " and " + origin + "); rename one of them");
    }
    root.addSubcommand(name, sub);
  }

  /** Lets {@code --version} work on every subcommand that offers it, not only on the root. */
  private static void reportVersionEverywhere(CommandLine commandLine) {
    if (commandLine.getCommandSpec().version().length == 0) {
      commandLine.getCommandSpec().versionProvider(new VersionProvider());
    }
    commandLine.getSubcommands().values().forEach(SolsticeCli::reportVersionEverywhere);
  }

  private static ConfigDefaults defaults(Map<String, String> env, String[] args) {
    Path configFile = configFile(args);
    if (configFile == null && env.get("SOLSTICE_CONFIG") != null && !env.get("SOLSTICE_CONFIG").isBlank()) {
      configFile = Path.of(env.get("SOLSTICE_CONFIG"));
    }
    if (configFile != null) {
      return ConfigDefaults.from(env, configFile);
    }
    Path local = Path.of("solstice.properties");
    return Files.isRegularFile(local) ? ConfigDefaults.from(env, local) : ConfigDefaults.fromEnvironment(env);
  }

  private static Path configFile(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--")) {
        return null;
      }
      if (args[i].equals("--config") && i + 1 < args.length) {
        return Path.of(args[i + 1]);
      }
      if (args[i].startsWith("--config=")) {
        return Path.of(args[i].substring("--config=".length()));
      }
    }
    return null;
  }

  /** Prints a failing command's message (with the stack trace only at DEBUG or TRACE) and exits 1. */
  private record FailureHandler(Map<String, String> env) implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
      PrintWriter err = commandLine.getErr();
      String command = commandLine.getCommandSpec().qualifiedName(" ");
      String message = ex.getMessage() == null ? ex.getClass().getName() : ex.getMessage();
      boolean explained = ex instanceof CommandFailedException || ex instanceof IllegalArgumentException
          || ex.getClass().getName().startsWith("io.solstice.");
      err.println(command + ": " + (explained ? message : ex.getClass().getSimpleName() + ": " + message));
      String level = env.getOrDefault("SOLSTICE_LOG_LEVEL", "").toUpperCase(Locale.ROOT);
      if (List.of("DEBUG", "TRACE", "ALL").contains(level)) {
        ex.printStackTrace(err);
      } else if (!explained) {
        err.println("(run with SOLSTICE_LOG_LEVEL=DEBUG for the stack trace)");
      }
      err.flush();
      return EXIT_FAILED;
    }
  }
}
