package io.solstice.app.cli;

import io.solstice.store.sql.SqlEventStore;
import io.solstice.store.sql.SqlStoreConfig;
import java.nio.file.Files;
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

  @Option(
      names = "--pg-schema",
      paramLabel = "SCHEMA",
      defaultValue = SqlStoreConfig.DEFAULT_SCHEMA,
      description = "PostgreSQL schema of the store (default: ${DEFAULT-VALUE}).")
  String pgSchema;

  public Backend backend() {
    return backend;
  }

  public Path dataDirectory() {
    return data;
  }

  /** The SQLite file of the embedded store: {@code DIR/solstice.db}. */
  public Path sqliteFile() {
    return data.resolve(SQLITE_FILE_NAME).toAbsolutePath().normalize();
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

  /**
   * The store configuration these options select (production defaults otherwise).
   *
   * @throws CommandFailedException if a setting is missing or invalid
   */
  public SqlStoreConfig storeConfig() {
    try {
      return switch (backend) {
        case sqlite -> SqlStoreConfig.sqlite(sqliteFile());
        case postgres -> SqlStoreConfig.postgres(requirePgUrl()).withSchema(pgSchema);
      };
    } catch (IllegalArgumentException e) {
      throw new CommandFailedException(e.getMessage(), e);
    }
  }

  /**
   * Opens the selected store, creating or migrating it as needed.
   *
   * @throws io.solstice.core.store.StoreUnavailableException if it cannot be reached (the message says what to check)
   */
  public SqlEventStore open() {
    return SqlEventStore.open(storeConfig());
  }

  /**
   * Opens the selected store only if it already exists (for commands that inspect, never create):
   * an SQLite file must be there; a PostgreSQL schema is migrated if needed.
   *
   * @throws CommandFailedException if there is no SQLite store in the data directory
   */
  public SqlEventStore openExisting() {
    if (backend == Backend.sqlite && !Files.isRegularFile(sqliteFile())) {
      throw new CommandFailedException("no store at " + sqliteFile()
          + "; pass the data directory of an existing store with --data DIR (or SOLSTICE_DATA), or use --backend postgres");
    }
    return open();
  }

  /** A short description of the chosen store for messages, e.g. {@code sqlite ./data/solstice.db}. */
  public String describe() {
    return switch (backend) {
      case sqlite -> "sqlite " + sqliteFile();
      case postgres -> "postgres " + (pgUrl == null ? "(no URL)" : redactPassword(pgUrl)) + " schema " + pgSchema;
    };
  }

  /** The URL with any {@code password=} value hidden, for logs and messages. */
  public static String redactPassword(String jdbcUrl) {
    return jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***");
  }
}
