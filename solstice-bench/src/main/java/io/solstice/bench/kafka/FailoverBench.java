package io.solstice.bench.kafka;

import io.solstice.bench.Machine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Failover of a leased service on a shared PostgreSQL store: two instances ({@link
 * FailoverInstance}, child JVMs); once one is active and the other stands by, the active one is
 * killed with SIGKILL, and the time until the standby reports itself active is measured.
 */
final class FailoverBench {
  private final String pgUrl;
  private final Path dir;
  private final PrintWriter err;

  FailoverBench(String pgUrl, Path dir, PrintWriter err) {
    this.pgUrl = pgUrl;
    this.dir = dir;
    this.err = err;
  }

  /** Milliseconds from the SIGKILL to the standby's takeover. */
  long run() throws Exception {
    String schema = "bench_failover_" + ProcessHandle.current().pid();
    Path stop = dir.resolve("stop-failover");
    Path activeA = dir.resolve("active-a");
    Path activeB = dir.resolve("active-b");
    KafkaBenchCommand.say(err, "failover: two instances of a service on PostgreSQL…");
    Process a = Machine.startJvm(FailoverInstance.class, List.of("-Xmx128m", "-XX:+UseSerialGC"),
        List.of(pgUrl, schema, "a", activeA.toString(), stop.toString(), "5"), dir.resolve("failover-a.log"));
    Process b = null;
    try {
      await(activeA, 120);
      b = Machine.startJvm(FailoverInstance.class, List.of("-Xmx128m", "-XX:+UseSerialGC"),
          List.of(pgUrl, schema, "b", activeB.toString(), stop.toString(), "5"), dir.resolve("failover-b.log"));
      Thread.sleep(8_000); // b started and standing by
      if (Files.exists(activeB)) {
        throw new IllegalStateException("both instances became active; see " + dir);
      }
      KafkaBenchCommand.say(err, "failover: killing the active instance (SIGKILL)…");
      long killed = System.currentTimeMillis();
      a.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      await(activeB, 60);
      return Long.parseLong(Files.readString(activeB, StandardCharsets.UTF_8).strip()) - killed;
    } finally {
      Files.writeString(stop, "stop");
      a.destroyForcibly();
      if (b != null && !b.waitFor(20, TimeUnit.SECONDS)) {
        b.destroyForcibly();
      }
      dropSchema(schema);
    }
  }

  private static void await(Path file, int seconds) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!Files.exists(file) || Files.readString(file, StandardCharsets.UTF_8).isBlank()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no instance became active within " + seconds + " s (" + file + ")");
      }
      Thread.sleep(5);
    }
  }

  private void dropSchema(String schema) {
    try (Connection c = DriverManager.getConnection(pgUrl); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      KafkaBenchCommand.say(err, "could not drop the benchmark schema " + schema + ": " + e.getMessage());
    }
  }
}
