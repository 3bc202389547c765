package io.solstice.app.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Which event store a command opens: {@code --backend sqlite|postgres}, {@code --data DIR} (the
 * embedded store's directory) and {@code --pg-url URL}. Use it in a command as a picocli mixin:
 * {@code @Mixin StoreOptions store;}. Like every option, each falls back to its environment
 * variable ({@code SOLSTICE_BACKEND}, {@code SOLSTICE_DATA}, {@code SOLSTICE_PG_URL}) and the config
 * file.
 */
public final class StoreOptions {

  /** The event store backends. */
  public enum Backend {
    /** An embedded SQLite file in the data directory (the default). */
    sqlite,
    /** A PostgreSQL database given by its JDBC URL. */
    postgres
  }

  /** File name of the embedded store inside the data directory. */
  public static final String SQLITE_FILE_NAME = "solstice.db";

  @Option(
      names = "--backend",
      paramLabel = "BACKEND",
      defaultValue = "sqlite",
      description = "Event store: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Backend backend;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      defaultValue = "./data",
      description = "Data directory of the embedded SQLite store (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(
      names = "--pg-url",
      paramLabel = "JDBC_URL",
      description = "PostgreSQL JDBC URL for --backend postgres, e.g. jdbc:postgresql://127.0.0.1:5432/solstice?user=postgres (env SOLSTICE_PG_URL).")
  String pgUrl;

  public Backend backend() {
    return backend;
  }

  public Path dataDirectory() {
    return data;
  }

  /** The SQLite file of the embedded store: {@code DIR/solstice.db}. */
  public Path sqliteFile() {
    return data.resolve(SQLITE_FILE_NAME);
  }

  /**
   * The PostgreSQL JDBC URL.
   *
   * @throws CommandFailedException if none was given
   */
  public String requirePgUrl() {
    if (pgUrl == null || pgUrl.isBlank()) {
      throw new CommandFailedException(
          "--backend postgres needs a JDBC URL: pass --pg-url jdbc:postgresql://HOST:5432/DB?user=USER or set SOLSTICE_PG_URL");
    }
    if (!pgUrl.startsWith("jdbc:postgresql:")) {
      throw new CommandFailedException("--pg-url must start with jdbc:postgresql:, was " + pgUrl);
    }
    return pgUrl;
  }

  /** A short description of the chosen store for messages, e.g. {@code sqlite ./data/solstice.db}. */
  public String describe() {
    return switch (backend) {
      case sqlite -> "sqlite " + sqliteFile();
      case postgres -> "postgres " + (pgUrl == null ? "(no URL)" : redactPassword(pgUrl));
    };
  }

  /** The URL with any {@code password=} value hidden, for logs and messages. */
  public static String redactPassword(String jdbcUrl) {
    return jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***");
  }
}
