package io.solstice.bench.store;

import io.solstice.app.cli.CommandFailedException;
import io.solstice.core.store.AppendRequest;
import io.solstice.core.store.EventStore;
import io.solstice.store.sql.SqlEventStore;
import io.solstice.store.sql.SqlStoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fresh SQL database for one benchmark run: a new SQLite file (in a temporary directory, or in
 * {@code --data}) or a new PostgreSQL schema {@code bench_<time>_<random>}, so runs never see each
 * other's rows and their figures are comparable. Stores are opened with the production settings of
 * {@link SqlEventStore} (PostgreSQL {@code synchronous_commit=on}, SQLite WAL with {@code
 * synchronous=FULL}). Closing it deletes the file or drops the schema, unless kept.
 */
final class SqlBenchDatabase implements BenchDatabase {

  private static final Logger log = LoggerFactory.getLogger(SqlBenchDatabase.class);
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss", Locale.ROOT);
  /** Most connections a naive PostgreSQL phase opens (its appends serialize on the store lock anyway). */
  private static final int MAX_NAIVE_CONNECTIONS = 32;

  private final SqlStoreConfig config;
  private final boolean keep;
  private final Path temporaryDirectory; // deleted on close; null when the file is in --data
  private final String description;

  private SqlBenchDatabase(SqlStoreConfig config, boolean keep, Path temporaryDirectory, String description) {
    this.config = config;
    this.keep = keep;
    this.temporaryDirectory = temporaryDirectory;
    this.description = description;
  }

  /** A fresh SQLite file in {@code directory}, or in a new temporary directory when it is null. */
  static SqlBenchDatabase sqlite(Path directory, boolean keep) {
    try {
      Path dir = directory == null ? Files.createTempDirectory("solstice-bench-") : Files.createDirectories(directory);
      Path file = dir.resolve("bench-" + runId() + ".db");
      return new SqlBenchDatabase(
          SqlStoreConfig.sqlite(file), keep, directory == null ? dir : null, "SQLite " + file + " (WAL, synchronous=FULL)");
    } catch (IOException e) {
      throw new CommandFailedException("cannot create the benchmark's SQLite directory " + directory + ": " + e.getMessage()
          + "; pass a writable --data DIR", e);
    }
  }

  /** A fresh schema in the PostgreSQL database at {@code jdbcUrl}. */
  static SqlBenchDatabase postgres(String jdbcUrl, boolean keep) {
    String schema = "bench_" + runId();
    SqlStoreConfig config;
    try {
      config = SqlStoreConfig.postgres(jdbcUrl).withSchema(schema);
    } catch (IllegalArgumentException e) {
      throw new CommandFailedException(e.getMessage(), e);
    }
    return new SqlBenchDatabase(
        config, keep, null, "PostgreSQL " + config.redactedUrl() + " schema " + schema + " (synchronous_commit=on)");
  }

  private static String runId() {
    return LocalDateTime.now().format(STAMP) + "_" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public EventStore open(boolean groupCommit, int writers) {
    SqlStoreConfig phase = config.withGroupCommit(groupCommit);
    if (!groupCommit) {
      phase = phase.withPoolSize(Math.max(phase.poolSize(), Math.min(writers, MAX_NAIVE_CONNECTIONS)));
    }
    return SqlEventStore.open(phase);
  }

  @Override
  public long countEvents(EventStore store) {
    return sql(store).countEvents();
  }

  @Override
  public void insertUnchecked(EventStore store, List<AppendRequest> requests) {
    RawEventInserter.insert(sql(store), requests);
  }

  private static SqlEventStore sql(EventStore store) {
    if (store instanceof SqlEventStore sql) {
      return sql;
    }
    throw new IllegalArgumentException("expected a store opened by this database, got " + store.getClass().getName());
  }

  @Override
  public void close() {
    if (keep) {
      log.info("kept the benchmark's database: {}", description);
      return;
    }
    switch (config.dialect()) {
      case SQLITE -> deleteSqlite();
      case POSTGRES -> dropSchema();
    }
  }

  private void deleteSqlite() {
    Path file = config.file();
    try {
      for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
      }
      if (temporaryDirectory != null) {
        try (Stream<Path> paths = Files.walk(temporaryDirectory)) {
          for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(path);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the benchmark's SQLite file " + file + "; delete it by hand", e);
    }
  }

  private void dropSchema() {
    try (Connection connection = DriverManager.getConnection(config.jdbcUrl());
        Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + config.schema() + " CASCADE");
    } catch (SQLException e) {
      log.warn("could not drop the benchmark's schema {} at {}: {}; drop it by hand", config.schema(), config.redactedUrl(), e.getMessage());
    }
  }
}
