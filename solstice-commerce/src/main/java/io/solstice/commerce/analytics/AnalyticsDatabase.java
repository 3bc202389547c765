package io.solstice.commerce.analytics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;
import org.duckdb.DuckDBConnection;

/**
 * The analytics DuckDB file ({@code DATA/analytics.duckdb}), opened either for writing — by the one
 * process that runs the {@code analytics} service — or read-only (the CLI on a file no server
 * holds).
 *
 * <p>DuckDB lets one process open a file for writing, and then no other process may open it at all;
 * several processes may open it read-only when none writes. Opening a file another process holds
 * fails with {@link AnalyticsLockedException}. Within the process, queries run on their own
 * connections to the same database alongside the writer and see what it has committed.
 *
 * <p>Both modes disable DuckDB's external access (no reading or writing other files, no
 * extensions) and then lock the configuration ({@code lock_configuration}: no {@code SET}, {@code
 * RESET} or {@code PRAGMA} can change a setting, external access included), so SQL run here
 * reaches only this database. (DuckDB cannot open the file read-only while this process writes it,
 * so the admin queries of the serving process rely on these settings and a rolled-back
 * transaction.) Thread-safe; close it after the analytics service has stopped.
 */
public final class AnalyticsDatabase implements AutoCloseable {

  /** The file's name inside the data directory. */
  public static final String FILE_NAME = "analytics.duckdb";

  private final Path file;
  private final boolean readOnly;
  private final AnalyticsSettings settings;
  private final DuckDBConnection root;
  private final AnalyticsWriter writer;
  private final Analytics analytics;
  private final ReentrantLock closeLock = new ReentrantLock();
  private boolean closed;

  private AnalyticsDatabase(Path file, boolean readOnly, AnalyticsSettings settings, DuckDBConnection root, AnalyticsWriter writer) {
    this.file = file;
    this.readOnly = readOnly;
    this.settings = settings;
    this.root = root;
    this.writer = writer;
    this.analytics = new Analytics(this);
  }

  /** {@code dataDirectory/analytics.duckdb}. */
  public static Path fileIn(Path dataDirectory) {
    return dataDirectory.resolve(FILE_NAME).toAbsolutePath().normalize();
  }

  /**
   * Opens (creating if needed) the file for writing, brings its schema up to date and starts the
   * batch writer.
   *
   * @throws AnalyticsLockedException if another process has the file open
   */
  public static AnalyticsDatabase open(Path file, AnalyticsSettings settings) {
    Objects.requireNonNull(settings, "settings");
    Path path = file.toAbsolutePath().normalize();
    try {
      io.solstice.core.io.OwnerOnly.directories(path.getParent());
    } catch (java.io.IOException e) {
      throw new AnalyticsUnavailableException("cannot create the directory of the analytics database " + path + ": " + e.getMessage(), e);
    }
    DuckDBConnection root = connect(path, false, settings);
    restrictFiles(path);
    try {
      try (Statement s = root.createStatement()) {
        for (String ddl : AnalyticsSchema.statements()) {
          s.execute(ddl);
        }
      }
      lockConfiguration(root);
      DuckDBConnection writing = (DuckDBConnection) root.duplicate();
      try {
        return new AnalyticsDatabase(path, false, settings, root, new AnalyticsWriter(writing, path.toString(), settings));
      } catch (SQLException | RuntimeException e) {
        closeQuietly(writing);
        throw e;
      }
    } catch (SQLException e) {
      closeQuietly(root);
      throw new AnalyticsUnavailableException("cannot prepare the analytics database " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Opens an existing file read-only (no writer; {@link AnalyticsService} refuses it).
   *
   * @throws AnalyticsUnavailableException if there is no such file
   * @throws AnalyticsLockedException if a process has the file open for writing
   */
  public static AnalyticsDatabase openReadOnly(Path file, AnalyticsSettings settings) {
    Objects.requireNonNull(settings, "settings");
    Path path = file.toAbsolutePath().normalize();
    if (!Files.isRegularFile(path)) {
      throw new AnalyticsUnavailableException("no analytics database at " + path
          + "; the analytics service creates it when a server runs with the data directory " + path.getParent(), null);
    }
    DuckDBConnection root = connect(path, true, settings);
    try {
      lockConfiguration(root);
    } catch (SQLException e) {
      closeQuietly(root);
      throw new AnalyticsUnavailableException("cannot lock the configuration of the analytics database " + path + ": " + e.getMessage(), e);
    }
    return new AnalyticsDatabase(path, true, settings, root, null);
  }

  /** The database file and its write-ahead log, owner-only (personal data: customer e-mails). */
  private static void restrictFiles(Path path) {
    try {
      io.solstice.core.io.OwnerOnly.restrict(path);
      io.solstice.core.io.OwnerOnly.restrict(path.resolveSibling(path.getFileName() + ".wal"));
    } catch (java.io.IOException e) {
      throw new AnalyticsUnavailableException("cannot make the analytics database " + path + " owner-only: " + e.getMessage(), e);
    }
  }

  /** From here on no statement can change a setting of this database (external access stays off). */
  private static void lockConfiguration(Connection root) throws SQLException {
    try (Statement s = root.createStatement()) {
      s.execute("SET lock_configuration = true");
    }
  }

  private static DuckDBConnection connect(Path path, boolean readOnly, AnalyticsSettings settings) {
    Properties p = new Properties();
    if (readOnly) {
      p.setProperty("duckdb.read_only", "true");
    }
    p.setProperty("enable_external_access", "false");
    p.setProperty("memory_limit", settings.memoryLimit());
    try {
      return (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + path, p);
    } catch (SQLException e) {
      String message = String.valueOf(e.getMessage());
      if (message.contains("Could not set lock") || message.contains("Conflicting lock")) {
        throw new AnalyticsLockedException(path, message, e);
      }
      if (message.contains("different configuration")) {
        throw new AnalyticsLockedException(path, "this process already has it open in the other mode: " + message, e);
      }
      throw new AnalyticsUnavailableException("cannot open the analytics database " + path + (readOnly ? " read-only" : "") + ": " + message, e);
    }
  }

  public Path file() {
    return file;
  }

  public boolean readOnly() {
    return readOnly;
  }

  public AnalyticsSettings settings() {
    return settings;
  }

  /** The query API over this database. */
  public Analytics analytics() {
    return analytics;
  }

  /** Writes an order's facts in the next batch; returns once they are committed. */
  void write(OrderFacts facts) throws InterruptedException {
    if (writer == null) {
      throw new IllegalStateException("the analytics database " + file + " is open read-only; open it with AnalyticsDatabase.open to write");
    }
    writer.write(facts);
  }

  /** A new connection to this database, for one query; the caller closes it. */
  Connection connection() throws SQLException {
    closeLock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the analytics database " + file + " is closed");
      }
      return root.duplicate();
    } finally {
      closeLock.unlock();
    }
  }

  /** Writes what is queued, stops the writer and closes the file. Closing twice is harmless. */
  @Override
  public void close() {
    closeLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      closeLock.unlock();
    }
    if (writer != null) {
      writer.close();
      writer.closeConnection();
    }
    closeQuietly(root);
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // closing: nothing left to do with it
    }
  }

  @Override
  public String toString() {
    return "AnalyticsDatabase[" + file + (readOnly ? " read-only" : "") + "]";
  }
}
