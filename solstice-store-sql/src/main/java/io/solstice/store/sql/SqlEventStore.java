package io.solstice.store.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.solstice.core.EventData;
import io.solstice.core.EventMetadata;
import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import io.solstice.core.store.AppendRequest;
import io.solstice.core.store.CommitListener;
import io.solstice.core.store.CheckpointStore;
import io.solstice.core.store.DeadLetterStore;
import io.solstice.core.store.EventStore;
import io.solstice.core.store.EventTooLargeException;
import io.solstice.core.store.FeedFilter;
import io.solstice.core.store.InstanceRegistry;
import io.solstice.core.store.LeaseStore;
import io.solstice.core.store.MultiAppendResult;
import io.solstice.core.store.Snapshot;
import io.solstice.core.store.StoreUnavailableException;
import io.solstice.core.store.TenantDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL event store on SQLite (embedded, one file) or PostgreSQL (production, several processes).
 * Semantics are those of {@link EventStore}; this Javadoc explains how they are kept.
 *
 * <h2>Writes: group commit</h2>
 *
 * Appends are checked on the caller's thread (event sizes, known tenants, no stream or event id
 * twice) and queued for the store's single writer loop ({@link GroupCommitWriter}), which takes
 * every append waiting and runs them as one transaction ({@link AppendExecutor}):
 *
 * <ol>
 *   <li>take the store-wide write lock: SQLite's own writer lock ({@code BEGIN IMMEDIATE}), or on
 *       PostgreSQL {@code pg_advisory_xact_lock(k)} with {@code k} derived from the schema, so every
 *       process appending to the store takes its turn;
 *   <li>read the head position, the current version of each stream of the group, and where any of
 *       the group's event ids are already stored (one statement each on PostgreSQL);
 *   <li>decide each append on its own, in arrival order: an idempotent duplicate, a conflict (its
 *       own result; the others go on), a {@code DuplicateEventIdException}, or written with the next
 *       versions and positions;
 *   <li>insert every written row in one statement, {@code NOTIFY} (PostgreSQL), commit (one fsync),
 *       then complete each caller's future.
 * </ol>
 *
 * If the transaction itself fails, each append of the group is retried alone so only the faulty one
 * fails. With {@link SqlStoreConfig#withGroupCommit(boolean) group commit off}, each append runs the
 * same transaction alone on the caller's thread (the "naive" baseline), after waiting first come,
 * first served for one of the write connections.
 *
 * <h2>Why the feed never skips</h2>
 *
 * A position is assigned only by a transaction that holds the store-wide lock, as {@code max(position)
 * + 1} read under that lock, and the lock is held until the transaction has committed: PostgreSQL
 * makes a transaction visible before it releases its locks, and SQLite has one writer at a time.
 * So transactions that write events commit one after another, each with positions above every
 * position committed before it. A reader's query sees a snapshot; if that snapshot holds position
 * P, it holds every earlier commit, hence every position below P. An event that commits later
 * gets a position above every position the reader could have seen: a reader that has passed P
 * never later finds a new event at or below P, however many threads or processes append. (The
 * classic gap — a sequence value taken by a transaction that commits after a later one — cannot
 * happen because no two transactions hold unassigned positions at once.)
 *
 * <h2>Wake-ups</h2>
 *
 * {@link #awaitAppend} waits on an in-process condition signalled after each commit. On PostgreSQL a
 * dedicated connection also {@code LISTEN}s to the store's channel, which every append transaction
 * notifies, so another process's append wakes readers here too. Waiters re-read the head at least
 * once a second as a safety net (e.g. SQLite written by another process), which is not busy polling.
 */
public final class SqlEventStore implements EventStore {
  private static final Logger log = LoggerFactory.getLogger(SqlEventStore.class);
  private static final String EVENT_COLUMNS =
      "position, stream, version, event_id, type, data, correlation_id, causation_id, traceparent, producer, recorded_at";
  private static final long FALLBACK_RECHECK_MILLIS = 1_000;
  private static final int WRITER_CACHE_KIB = 64 * 1024;

  private final SqlStoreConfig config;
  private final DialectOps ops;
  private final HikariDataSource readPool;
  private final HikariDataSource writePool;
  private final StatementCounts statements = new StatementCounts();
  private final DataSource reads;
  private final DataSource writes;
  private final AppendSignal signal;
  private final AppendExecutor executor;
  private final GroupCommitWriter writer;
  /**
   * Naive mode only: one permit per write connection, handed out first come, first served. Callers
   * queue here, without a time-out, rather than in the pool, whose hand-off is not fair (a thread
   * that just returned a connection may take it straight back), so with more callers than
   * connections some waited past the pool's connection time-out and failed though the store was
   * healthy and busy. A caller that holds a permit finds a free connection at once.
   */
  private final Semaphore naiveTurns;
  private final PgAppendListener listener;
  private final SqlTenantDirectory tenants;
  private final SqlCheckpointStore checkpoints;
  private final SqlDeadLetterStore deadLetters;
  private final SqlLeaseStore leases;
  private final SqlInstanceRegistry instances;
  private final String description;
  private final StreamNames streamNames = new StreamNames();

  private SqlEventStore(SqlStoreConfig config) {
    this.config = config;
    this.description = config.describe();
    this.ops = config.dialect() == SqlDialect.SQLITE ? new SqliteOps() : new PostgresOps(config.schema());
    checkReachable(config);
    migrate(config);
    HikariDataSource read = null;
    HikariDataSource write = null;
    try {
      read = pool(config, "solstice-read", config.poolSize(), false);
      write = pool(config, "solstice-write", writeConnections(config), true);
    } catch (RuntimeException e) {
      if (read != null) {
        read.close();
      }
      throw e;
    }
    this.readPool = read;
    this.writePool = write;
    this.reads = new CountingDataSource(read, statements, StatementCounts::classifyRead);
    this.writes = new CountingDataSource(write, statements, sql -> StatementCounts.Kind.WRITE);
    this.signal = new AppendSignal(queryHead());
    this.executor = new AppendExecutor(ops, config.clock(), signal, description);
    this.writer = config.groupCommit()
        ? new GroupCommitWriter(writes, executor, config.maxGroupSize(), config.queueCapacity(), description)
        : null;
    this.naiveTurns = config.groupCommit() ? null : new Semaphore(writeConnections(config), true);
    this.listener = config.dialect() == SqlDialect.POSTGRES
        ? new PgAppendListener(config.jdbcUrl(), new Properties(), PostgresOps.channelFor(config.schema()), signal,
            this::queryHead, description)
        : null;
    this.tenants = new SqlTenantDirectory(reads, config.clock(), description);
    this.checkpoints = new SqlCheckpointStore(reads, config.clock(), description, config.dialect());
    this.leases = new SqlLeaseStore(config);
    this.instances = new SqlInstanceRegistry(reads, config.dialect(), description);
    this.deadLetters = new SqlDeadLetterStore(reads, ops, description);
  }

  /**
   * Opens the store: checks the database is reachable, applies pending schema migrations, opens the
   * connection pools and starts the writer.
   *
   * @throws StoreUnavailableException if the database cannot be reached or migrated (the message
   *     says what to check)
   */
  public static SqlEventStore open(SqlStoreConfig config) {
    return new SqlEventStore(config);
  }

  // ---------------------------------------------------------------- opening

  private static void checkReachable(SqlStoreConfig config) {
    if (config.dialect() == SqlDialect.SQLITE) {
      Path parent = config.file().toAbsolutePath().getParent();
      try {
        Files.createDirectories(parent);
      } catch (IOException e) {
        throw new StoreUnavailableException("cannot create the directory " + parent + " for the SQLite store " + config.file()
            + ": " + e.getMessage() + "; check the data directory's path and permissions", e);
      }
      return;
    }
    DriverManager.setLoginTimeout((int) Math.max(1, config.connectionTimeout().toSeconds()));
    try (Connection c = DriverManager.getConnection(config.jdbcUrl())) {
      c.isValid(1);
    } catch (SQLException e) {
      throw new StoreUnavailableException("cannot connect to PostgreSQL at " + config.redactedUrl() + ": " + e.getMessage()
          + "; check that the server is running and accepts connections from this host, and that the URL's database, user and"
          + " password are right (e.g. SOLSTICE_PG_URL=jdbc:postgresql://host:5432/db?user=u&password=p)", e);
    }
  }

  private static void migrate(SqlStoreConfig config) {
    var flyway = Flyway.configure()
        .dataSource(config.jdbcUrl(), null, null)
        .locations(config.dialect() == SqlDialect.SQLITE ? "classpath:db/migration/sqlite" : "classpath:db/migration/postgresql")
        .failOnMissingLocations(true);
    if (config.dialect() == SqlDialect.POSTGRES) {
      flyway = flyway.schemas(config.schema()).defaultSchema(config.schema()).createSchemas(true);
    }
    try {
      flyway.load().migrate();
    } catch (FlywayException e) {
      throw new StoreUnavailableException("cannot migrate the schema of " + config.describe() + ": " + e.getMessage()
          + "; check that the user may create tables there and that no newer Solstice version migrated it", e);
    }
  }

  /** SQLite has one writer; PostgreSQL group commit needs one (and a spare); naive mode one per pooled caller. */
  private static int writeConnections(SqlStoreConfig config) {
    return config.dialect() == SqlDialect.SQLITE ? 1 : config.groupCommit() ? 2 : config.poolSize();
  }

  private static HikariDataSource pool(SqlStoreConfig config, String name, int size, boolean writer) {
    HikariConfig hc = new HikariConfig();
    hc.setPoolName(name + (config.schema() == null ? "" : "-" + config.schema()));
    hc.setJdbcUrl(config.jdbcUrl());
    hc.setMaximumPoolSize(size);
    hc.setMinimumIdle(Math.min(size, writer ? 1 : 2));
    hc.setConnectionTimeout(config.connectionTimeout().toMillis());
    hc.setAutoCommit(true);
    switch (config.dialect()) {
      case SQLITE -> {
        hc.addDataSourceProperty("journal_mode", "WAL");
        hc.addDataSourceProperty("synchronous", "FULL");
        hc.addDataSourceProperty("busy_timeout", "10000");
        if (writer) {
          // Every event inserts into four secondary indexes, two of them (event_id, stream+version) at random
          // keys: with SQLite's default 2 MiB page cache a large store re-reads those index pages for every
          // group. The writer's cache may grow to 64 MiB (allocated as used).
          hc.addDataSourceProperty("cache_size", Integer.toString(-WRITER_CACHE_KIB));
        }
      }
      case POSTGRES -> {
        hc.setSchema(config.schema());
        hc.setConnectionInitSql("SET synchronous_commit = on");
      }
    }
    try {
      return new HikariDataSource(hc);
    } catch (HikariPool.PoolInitializationException e) {
      throw new StoreUnavailableException("cannot open the " + name + " connection pool to " + config.describe() + ": "
          + e.getMessage() + "; check that the database is reachable", e);
    }
  }

  // ---------------------------------------------------------------- accessors

  /** The SQL checkpoint store, in this store's database. */
  public CheckpointStore checkpoints() {
    return checkpoints;
  }

  /** Leases in this store's database, kept on one dedicated connection (standby and fencing). */
  public LeaseStore leases() {
    return leases;
  }

  /** The running instances registered in this store's database (heartbeats). */
  public InstanceRegistry instances() {
    return instances;
  }

  /** The SQL dead-letter store, in this store's database. */
  public DeadLetterStore deadLetters() {
    return deadLetters;
  }

  /**
   * A pooled data source on this store's database (for PostgreSQL with the store's schema on the
   * search path), for read models and benchmarks. On SQLite, writes through it take turns with the
   * event writer (SQLite has one writer at a time; connections wait up to 10 s).
   */
  public DataSource dataSource() {
    return reads;
  }

  /** How many statements this store has run, by kind (for metrics and benchmarks). */
  public StatementCounts statements() {
    return statements;
  }

  public SqlDialect dialect() {
    return config.dialect();
  }

  public SqlStoreConfig config() {
    return config;
  }

  @Override
  public TenantDirectory tenants() {
    return tenants;
  }

  @Override
  public int maxEventBytes() {
    return config.maxEventBytes();
  }

  // ---------------------------------------------------------------- appends

  @Override
  public MultiAppendResult appendAll(List<AppendRequest> requests) {
    validate(requests);
    PendingAppend pending = new PendingAppend(List.copyOf(requests));
    if (writer != null) {
      try {
        writer.submit(pending);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreUnavailableException("append to " + pending.describe() + " interrupted before it was queued; nothing was written", e);
      }
    } else {
      appendAlone(pending);
    }
    return await(pending);
  }

  /** Naive mode: the append's own transaction on the caller's thread, after waiting its turn for a connection. */
  private void appendAlone(PendingAppend pending) {
    try {
      naiveTurns.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("append to " + pending.describe() + " interrupted while waiting for a write connection;"
          + " nothing was written", e);
    }
    try (Connection c = writes.getConnection()) {
      executor.execute(c, List.of(pending));
    } catch (SQLException e) {
      executor.failAll(List.of(pending), e);
    } finally {
      naiveTurns.release();
    }
  }

  private static MultiAppendResult await(PendingAppend pending) {
    try {
      return pending.outcome().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("append to " + pending.describe() + " interrupted while waiting for its commit; the outcome is"
          + " unknown — retrying with the same event ids is safe (appends are idempotent by event id)", e);
    } catch (ExecutionException | CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new StoreUnavailableException("append to " + pending.describe() + " failed: " + e.getCause(), e.getCause());
    }
  }

  private void validate(List<AppendRequest> requests) {
    if (requests.isEmpty()) {
      throw new IllegalArgumentException("appendAll needs at least one request");
    }
    Set<StreamName> streams = new HashSet<>();
    Set<UUID> ids = new HashSet<>();
    for (AppendRequest r : requests) {
      if (!streams.add(r.stream())) {
        throw new IllegalArgumentException("appendAll names stream " + r.stream() + " twice; merge its events into one request");
      }
      for (EventData e : r.events()) {
        int size = e.size();
        if (size > config.maxEventBytes()) {
          throw new EventTooLargeException(r.stream(), e.eventId(), e.type(), size, config.maxEventBytes());
        }
        if (!ids.add(e.eventId())) {
          throw new IllegalArgumentException("event id " + e.eventId() + " appears twice in one append (to " + r.stream()
              + "); give every event its own id — nothing was written");
        }
      }
    }
    for (StreamName s : streams) {
      tenants.requireKnown(s.tenant());
    }
  }

  // ---------------------------------------------------------------- reads

  @Override
  public List<RecordedEvent> read(StreamName stream, long fromVersion, int max) {
    requireMax(max);
    return query("reading " + stream,
        "SELECT " + EVENT_COLUMNS + " FROM events WHERE stream = ? AND version >= ? ORDER BY version LIMIT ?",
        stream.canonical(), Math.max(0, fromVersion), max);
  }

  @Override
  public List<RecordedEvent> readBackward(StreamName stream, long fromVersion, int max) {
    requireMax(max);
    if (fromVersion < 0) {
      return List.of();
    }
    return query("reading " + stream + " backward",
        "SELECT " + EVENT_COLUMNS + " FROM events WHERE stream = ? AND version <= ? ORDER BY version DESC LIMIT ?",
        stream.canonical(), fromVersion, max);
  }

  @Override
  public long version(StreamName stream) {
    try (Connection c = reads.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT max(version) FROM events WHERE stream = ?")) {
      ps.setString(1, stream.canonical());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long v = rs.getLong(1);
        return rs.wasNull() ? -1 : v;
      }
    } catch (SQLException e) {
      throw SqlFailure.of("reading the version of " + stream, description, e);
    }
  }

  @Override
  public List<RecordedEvent> readAll(long after, int max, FeedFilter filter) {
    requireMax(max);
    if (filter.tenant() == null) {
      return query("reading the feed after " + after,
          "SELECT " + EVENT_COLUMNS + " FROM events WHERE position > ? ORDER BY position LIMIT ?", after, max);
    }
    if (filter.category() == null) {
      return query("reading the feed of tenant " + filter.tenant() + " after " + after,
          "SELECT " + EVENT_COLUMNS + " FROM events WHERE tenant = ? AND position > ? ORDER BY position LIMIT ?",
          filter.tenant(), after, max);
    }
    return query("reading the feed of " + filter.tenant() + ":" + filter.category() + " after " + after,
        "SELECT " + EVENT_COLUMNS + " FROM events WHERE tenant = ? AND category = ? AND position > ? ORDER BY position LIMIT ?",
        filter.tenant(), filter.category(), after, max);
  }

  @Override
  public List<RecordedEvent> readCorrelated(String tenant, String correlationId, int max) {
    requireMax(max);
    return query("reading the events of tenant " + tenant + " correlated with " + correlationId,
        "SELECT " + EVENT_COLUMNS + " FROM events WHERE tenant = ? AND correlation_id = ? ORDER BY position LIMIT ?",
        tenant, correlationId, max);
  }

  @Override
  public long headPosition() {
    long head = queryHead();
    signal.advanceTo(head);
    return head;
  }

  private long queryHead() {
    try (Connection c = reads.getConnection()) {
      return ops.head(c);
    } catch (SQLException e) {
      throw SqlFailure.of("reading the head position", description, e);
    }
  }

  @Override
  public CommitListener.Registration onCommit(CommitListener listener) {
    return executor.onCommit(java.util.Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Waits on the in-process signal, which this process's commits and (on PostgreSQL) the {@code
   * LISTEN} connection advance; the head is read from the database only once a second, as a safety
   * net for commits no signal reported (another process on the same SQLite file).
   */
  @Override
  public boolean awaitAppend(long after, Duration timeout) throws InterruptedException {
    if (signal.head() > after) {
      return true;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return false;
      }
      if (signal.await(after, Math.min(remaining, AppendSignal.nanos(FALLBACK_RECHECK_MILLIS)))) {
        return true;
      }
      if (headPosition() > after) {
        return true;
      }
    }
  }

  /** Rows in the events table (for benchmark verification). */
  public long countEvents() {
    try (Connection c = reads.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM events");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw SqlFailure.of("counting events", description, e);
    }
  }

  private static void requireMax(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1, was " + max);
    }
  }

  private List<RecordedEvent> query(String what, String sql, Object... params) {
    try (Connection c = reads.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        switch (params[i]) {
          case String s -> ps.setString(i + 1, s);
          case Long l -> ps.setLong(i + 1, l);
          case Integer n -> ps.setInt(i + 1, n);
          default -> throw new IllegalArgumentException("unexpected parameter " + params[i]);
        }
      }
      List<RecordedEvent> events = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          events.add(new RecordedEvent(ops.getUuid(rs, 4), streamNames.parse(rs.getString(2)), rs.getLong(3), rs.getLong(1),
              rs.getString(5), rs.getBytes(6), new EventMetadata(rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10)),
              AppendExecutor.instant(rs.getLong(11))));
        }
      }
      return events;
    } catch (SQLException e) {
      throw SqlFailure.of(what, description, e);
    }
  }

  // ---------------------------------------------------------------- snapshots

  @Override
  public void writeSnapshot(Snapshot snapshot) {
    try (Connection c = reads.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "INSERT INTO snapshots (stream, schema_version, version, data, written_at) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT (stream, schema_version) DO UPDATE SET version = excluded.version, data = excluded.data, "
                + "written_at = excluded.written_at WHERE excluded.version >= snapshots.version")) {
      ps.setString(1, snapshot.stream().canonical());
      ps.setInt(2, snapshot.schema());
      ps.setLong(3, snapshot.version());
      ps.setBytes(4, snapshot.data());
      ps.setLong(5, AppendExecutor.micros(config.clock().instant()));
      ps.executeUpdate();
    } catch (SQLException e) {
      throw SqlFailure.of("writing " + snapshot, description, e);
    }
  }

  @Override
  public Optional<Snapshot> readSnapshot(StreamName stream, int schema) {
    try (Connection c = reads.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT version, data FROM snapshots WHERE stream = ? AND schema_version = ?")) {
      ps.setString(1, stream.canonical());
      ps.setInt(2, schema);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new Snapshot(stream, rs.getLong(1), schema, rs.getBytes(2))) : Optional.empty();
      }
    } catch (SQLException e) {
      throw SqlFailure.of("reading the snapshot of " + stream + " (schema " + schema + ")", description, e);
    }
  }

  // ---------------------------------------------------------------- closing

  @Override
  public void close() {
    if (writer != null) {
      writer.close();
    }
    if (listener != null) {
      listener.close();
    }
    leases.close();
    writePool.close();
    readPool.close();
    log.debug("closed {}", description);
  }

  @Override
  public String toString() {
    return "SqlEventStore[" + description + "]";
  }
}
