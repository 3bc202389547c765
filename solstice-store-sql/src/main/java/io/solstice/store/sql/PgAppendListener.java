package io.solstice.store.sql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.function.LongSupplier;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes this process's tailing readers when another process appends to the same PostgreSQL store:
 * a dedicated connection {@code LISTEN}s on the store's channel, which every append transaction
 * {@code NOTIFY}s (payload: the new head position) as it commits. If the connection drops, the
 * listener reconnects with backoff and re-reads the head, so no wake-up is lost for good; readers
 * also re-check the head at least once a second while they wait.
 */
final class PgAppendListener implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PgAppendListener.class);

  private final String url;
  private final Properties properties;
  private final String channel;
  private final AppendSignal signal;
  private final LongSupplier headFromDatabase;
  private final String storeDescription;
  private final Thread thread;
  private volatile boolean closing;
  private volatile Connection connection;

  PgAppendListener(String url, Properties properties, String channel, AppendSignal signal, LongSupplier headFromDatabase,
      String storeDescription) {
    this.url = url;
    this.properties = properties;
    this.channel = channel;
    this.signal = signal;
    this.headFromDatabase = headFromDatabase;
    this.storeDescription = storeDescription;
    this.thread = Thread.ofVirtual().name("solstice-pg-listener").start(this::run);
  }

  private void run() {
    long backoffMillis = 100;
    while (!closing) {
      try (Connection c = DriverManager.getConnection(url, properties)) {
        connection = c;
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + channel);
        }
        signal.advanceTo(headFromDatabase.getAsLong());
        backoffMillis = 100;
        PGConnection pg = c.unwrap(PGConnection.class);
        while (!closing) {
          PGNotification[] notifications = pg.getNotifications(1000);
          if (notifications == null) {
            continue;
          }
          for (PGNotification n : notifications) {
            try {
              signal.advanceTo(Long.parseLong(n.getParameter()));
            } catch (NumberFormatException e) {
              log.debug("ignoring notification {} on {}", n.getParameter(), channel);
            }
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (closing) {
          return;
        }
        log.warn("append listener on {} lost its connection ({}); reconnecting in {} ms", storeDescription, e.toString(), backoffMillis);
        try {
          Thread.sleep(backoffMillis);
        } catch (InterruptedException ie) {
          return;
        }
        backoffMillis = Math.min(5_000, backoffMillis * 2);
      }
    }
  }

  @Override
  public void close() {
    closing = true;
    Connection c = connection;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        log.debug("closing listener connection: {}", e.toString());
      }
    }
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
