package io.solstice.store.sql;

import io.solstice.core.store.EventStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to open a {@link SqlEventStore}. Build one with {@link #sqlite(Path)} or {@link
 * #postgres(String)} and adjust it with the {@code with…} methods; every setting is checked at once
 * and a bad value is named in the error.
 *
 * @param dialect SQLite or PostgreSQL
 * @param jdbcUrl the JDBC URL (for SQLite derived from {@code file})
 * @param file the SQLite database file (null for PostgreSQL)
 * @param schema the PostgreSQL schema holding the tables (created if missing); null for SQLite
 * @param groupCommit true (default): concurrent appends share one transaction, run by one writer
 *     loop; false ("naive"): each append is its own transaction on the caller's thread, with the
 *     same checks and the same store-wide lock (a baseline for benchmarks)
 * @param maxEventBytes the limit on one event's {@link io.solstice.core.EventData#size() size}
 * @param clock the clock for recorded timestamps, checkpoint and dead-letter times
 * @param poolSize read connections (and, for PostgreSQL in naive mode, write connections)
 * @param maxGroupSize the most appends one group-commit transaction takes
 * @param queueCapacity the bound of the append queue in front of the writer loop (callers block when full)
 * @param connectionTimeout how long to wait for a connection before failing with an explanation
 */
public record SqlStoreConfig(
    SqlDialect dialect,
    String jdbcUrl,
    Path file,
    String schema,
    boolean groupCommit,
    int maxEventBytes,
    Clock clock,
    int poolSize,
    int maxGroupSize,
    int queueCapacity,
    Duration connectionTimeout) {

  /** The PostgreSQL schema used when none is given. */
  public static final String DEFAULT_SCHEMA = "solstice";

  private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,47}");

  public SqlStoreConfig {
    Objects.requireNonNull(dialect, "dialect");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(connectionTimeout, "connectionTimeout");
    switch (dialect) {
      case SQLITE -> {
        Objects.requireNonNull(file, "SQLite store needs a database file");
        jdbcUrl = "jdbc:sqlite:" + file.toAbsolutePath();
        schema = null;
      }
      case POSTGRES -> {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
          throw new IllegalArgumentException("PostgreSQL JDBC URL must start with jdbc:postgresql:, was " + redact(jdbcUrl)
              + "; e.g. jdbc:postgresql://127.0.0.1:5432/solstice?user=solstice");
        }
        if (schema == null || !SCHEMA.matcher(schema).matches()) {
          throw new IllegalArgumentException("PostgreSQL schema must be 1-48 characters of [a-z0-9_] starting with a letter or _, was " + schema);
        }
      }
    }
    if (maxEventBytes < 1) {
      throw new IllegalArgumentException("maxEventBytes must be positive, was " + maxEventBytes);
    }
    if (poolSize < 1 || poolSize > 1000) {
      throw new IllegalArgumentException("poolSize must be 1-1000, was " + poolSize);
    }
    if (maxGroupSize < 1 || maxGroupSize > 100_000) {
      throw new IllegalArgumentException("maxGroupSize must be 1-100000 appends, was " + maxGroupSize);
    }
    if (queueCapacity < maxGroupSize) {
      throw new IllegalArgumentException("queueCapacity (" + queueCapacity + ") must be at least maxGroupSize (" + maxGroupSize + ")");
    }
    if (connectionTimeout.toMillis() < 250) {
      throw new IllegalArgumentException("connectionTimeout must be at least 250 ms, was " + connectionTimeout);
    }
  }

  /** A SQLite store in {@code file} (created with its parent directories if missing). */
  public static SqlStoreConfig sqlite(Path file) {
    return new SqlStoreConfig(SqlDialect.SQLITE, null, file, null, true, EventStore.DEFAULT_MAX_EVENT_BYTES,
        Clock.systemUTC(), 4, 1000, 10_000, Duration.ofSeconds(10));
  }

  /** A PostgreSQL store at {@code jdbcUrl}, in schema {@value #DEFAULT_SCHEMA}. */
  public static SqlStoreConfig postgres(String jdbcUrl) {
    return new SqlStoreConfig(SqlDialect.POSTGRES, jdbcUrl, null, DEFAULT_SCHEMA, true, EventStore.DEFAULT_MAX_EVENT_BYTES,
        Clock.systemUTC(), 8, 1000, 10_000, Duration.ofSeconds(10));
  }

  public SqlStoreConfig withGroupCommit(boolean on) {
    return new SqlStoreConfig(dialect, jdbcUrl, file, schema, on, maxEventBytes, clock, poolSize, maxGroupSize, queueCapacity, connectionTimeout);
  }

  public SqlStoreConfig withMaxEventBytes(int bytes) {
    return new SqlStoreConfig(dialect, jdbcUrl, file, schema, groupCommit, bytes, clock, poolSize, maxGroupSize, queueCapacity, connectionTimeout);
  }

  public SqlStoreConfig withClock(Clock newClock) {
    return new SqlStoreConfig(dialect, jdbcUrl, file, schema, groupCommit, maxEventBytes, newClock, poolSize, maxGroupSize, queueCapacity, connectionTimeout);
  }

  public SqlStoreConfig withPoolSize(int size) {
    return new SqlStoreConfig(dialect, jdbcUrl, file, schema, groupCommit, maxEventBytes, clock, size, maxGroupSize, queueCapacity, connectionTimeout);
  }

  /** The PostgreSQL schema (ignored for SQLite), e.g. to isolate tests and benchmarks. */
  public SqlStoreConfig withSchema(String newSchema) {
    if (dialect == SqlDialect.SQLITE) {
      return this;
    }
    return new SqlStoreConfig(dialect, jdbcUrl, file, newSchema, groupCommit, maxEventBytes, clock, poolSize, maxGroupSize, queueCapacity, connectionTimeout);
  }

  public SqlStoreConfig withMaxGroupSize(int appends) {
    return new SqlStoreConfig(dialect, jdbcUrl, file, schema, groupCommit, maxEventBytes, clock, poolSize, appends, Math.max(queueCapacity, appends), connectionTimeout);
  }

  public SqlStoreConfig withQueueCapacity(int capacity) {
    return new SqlStoreConfig(dialect, jdbcUrl, file, schema, groupCommit, maxEventBytes, clock, poolSize, maxGroupSize, capacity, connectionTimeout);
  }

  public SqlStoreConfig withConnectionTimeout(Duration timeout) {
    return new SqlStoreConfig(dialect, jdbcUrl, file, schema, groupCommit, maxEventBytes, clock, poolSize, maxGroupSize, queueCapacity, timeout);
  }

  /** The JDBC URL with any password removed, safe for messages and logs. */
  public String redactedUrl() {
    return redact(jdbcUrl);
  }

  /** Where the data lives, for messages: the file, or the redacted URL and schema. */
  public String describe() {
    return dialect == SqlDialect.SQLITE ? "SQLite " + file.toAbsolutePath() : "PostgreSQL " + redactedUrl() + " schema " + schema;
  }

  static String redact(String url) {
    if (url == null) {
      return "(null)";
    }
    String noQueryPassword = url.replaceAll("(?i)([?&]password=)[^&]*", "$1***");
    return noQueryPassword.replaceAll("//([^/:@]+):[^/@]*@", "//$1:***@");
  }

  @Override
  public String toString() {
    return "SqlStoreConfig[" + describe() + (groupCommit ? ", group commit" : ", naive") + "]";
  }
}
