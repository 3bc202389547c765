package io.solstice.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The PostgreSQL the tests of this JVM use, found without any setting.
 *
 * <ul>
 *   <li>{@code SOLSTICE_PG_URL} set (as {@code .ci/run} does): that database, as is. If it does not
 *       answer, the tests that need it fail: a configured server is never skipped.
 *   <li>Else, if a PostgreSQL answers on {@code 127.0.0.1:5432} and trusts user {@code postgres}: a
 *       fresh database {@code solstice_test_<pid>_<random>} is created on first use and dropped when
 *       the JVM exits.
 *   <li>Else the tests that need it are skipped, and the file {@code target/postgres-tests-skipped.txt}
 *       of the module says why; {@code ./mvnw} prints it at the end of the build with how to run them.
 * </ul>
 *
 * Tests ask for it with {@link RequiresPostgres} and read the URL with {@link #url()}.
 */
public final class TestPostgres {

  /** The environment variable naming the database to test against. */
  public static final String URL_VARIABLE = "SOLSTICE_PG_URL";

  private static final String LOCAL_HOST = "127.0.0.1";
  private static final int LOCAL_PORT = 5432;
  private static final String LOCAL_ADMIN_URL = "jdbc:postgresql://" + LOCAL_HOST + ":" + LOCAL_PORT + "/postgres?user=postgres&connectTimeout=3";

  private static volatile Resolution resolution;

  private TestPostgres() {}

  /** Why the database is (not) there, and its URL when it is. */
  record Resolution(String url, String skipReason) {}

  /** The JDBC URL of the test database, if one is available (creating it on first call). */
  public static Optional<String> find() {
    return Optional.ofNullable(resolve().url());
  }

  /**
   * The JDBC URL of the test database.
   *
   * @throws IllegalStateException if none is available (use {@link RequiresPostgres} on the test)
   */
  public static String url() {
    Resolution r = resolve();
    if (r.url() == null) {
      throw new IllegalStateException("no PostgreSQL for tests: " + r.skipReason() + "; annotate the test with @RequiresPostgres");
    }
    return r.url();
  }

  /** A JDBC connection to the test database. */
  public static Connection connect() throws SQLException {
    return DriverManager.getConnection(url());
  }

  static Resolution resolve() {
    Resolution r = resolution;
    if (r == null) {
      synchronized (TestPostgres.class) {
        r = resolution;
        if (r == null) {
          r = compute();
          resolution = r;
          if (r.url() == null) {
            noteSkipped(r.skipReason());
          }
        }
      }
    }
    return r;
  }

  private static Resolution compute() {
    String configured = System.getenv(URL_VARIABLE);
    if (configured != null && !configured.isBlank()) {
      return new Resolution(configured.strip(), null);
    }
    if (!answers(LOCAL_HOST, LOCAL_PORT)) {
      return new Resolution(null, "no PostgreSQL answered on " + LOCAL_HOST + ":" + LOCAL_PORT + " and " + URL_VARIABLE + " is not set");
    }
    String database = "solstice_test_" + ProcessHandle.current().pid() + "_" + Integer.toHexString(ThreadLocalRandom.current().nextInt() & 0x7fffffff);
    try (Connection c = DriverManager.getConnection(LOCAL_ADMIN_URL); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database);
    } catch (SQLException e) {
      return new Resolution(null, "PostgreSQL answers on " + LOCAL_HOST + ":" + LOCAL_PORT + " but user postgres could not create a test database ("
          + e.getMessage() + ")");
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(database), "drop-" + database));
    return new Resolution("jdbc:postgresql://" + LOCAL_HOST + ":" + LOCAL_PORT + "/" + database + "?user=postgres", null);
  }

  private static boolean answers(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 1_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void drop(String database) {
    try (Connection c = DriverManager.getConnection(LOCAL_ADMIN_URL); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    } catch (SQLException e) {
      System.err.println("could not drop the test database " + database + ": " + e.getMessage() + "; drop it by hand");
    }
  }

  private static void noteSkipped(String reason) {
    try {
      Path marker = Path.of("target", "postgres-tests-skipped.txt");
      Files.createDirectories(marker.getParent());
      Files.writeString(marker, reason + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      // the note is a courtesy; the skipped tests still say why in the report
    }
  }
}
