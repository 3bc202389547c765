package io.solstice.commerce.analytics;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@link OrderFacts} to DuckDB in batches (group commit), and returns to each caller only
 * once its facts are committed.
 *
 * <h2>Algorithm</h2>
 *
 * Callers ({@link #write}) put a request on a bounded queue and wait for its future; a full queue
 * blocks them (backpressure). One writer thread owns the DuckDB connection and loops: it takes the
 * first waiting request, then keeps taking requests until it has {@code maxBatch} of them or {@code
 * flushInterval} has passed since the first; it keeps only the highest version of each order,
 * appends them to connection-local staging tables (DuckDB's appender, about ten times faster than
 * parameterized inserts), upserts them from there in one transaction ({@code orders} replaced only
 * by a higher version, {@code order_lines} inserted once), commits, and completes every request of
 * the batch. If the batch
 * fails, each request is written again in its own transaction, so one bad row fails only its own
 * caller (who retries through the pipeline) and never its neighbours.
 *
 * <p>Because a caller returns only after the commit, a pipeline service that calls {@link #write}
 * from its interpreter acknowledges an event (lets its checkpoint pass) only once its row is
 * durable: at least once, and the upserts make redelivery harmless. Under load batches fill by size
 * (many streams wait at once); under a trickle they close on time, so {@code flushInterval} bounds
 * how stale the database is.
 *
 * <p>The writer is a platform thread: it spends its time in native DuckDB calls, which would pin a
 * virtual thread's carrier anyway.
 */
final class AnalyticsWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AnalyticsWriter.class);

  private static final String ORDER_COLUMNS = "tenant, order_id, customer_email, status, placed_at, confirmed_at, updated_at, hour, "
      + "subtotal, tax, total, currency, units, version";
  private static final String ORDER_UPSERT = " ON CONFLICT (tenant, order_id) DO UPDATE SET customer_email = excluded.customer_email, "
      + "status = excluded.status, placed_at = excluded.placed_at, confirmed_at = excluded.confirmed_at, "
      + "updated_at = excluded.updated_at, hour = excluded.hour, subtotal = excluded.subtotal, tax = excluded.tax, "
      + "total = excluded.total, currency = excluded.currency, units = excluded.units, version = excluded.version "
      + "WHERE excluded.version > orders.version";
  private static final String LINE_COLUMNS = "tenant, order_id, sku, name, quantity, unit_price, line_total, hour";

  private record Request(OrderFacts facts, CompletableFuture<Void> done) {}

  private final DuckDBConnection connection;
  private final String file;
  private final long flushNanos;
  private final int maxBatch;
  private final BlockingQueue<Request> queue;
  private final Thread thread;
  private final ReentrantLock closeLock = new ReentrantLock();
  private volatile boolean closed;

  /**
   * Starts the writer on its own connection (which it closes in {@link #closeConnection()}).
   *
   * @throws SQLException if its staging tables cannot be created
   */
  AnalyticsWriter(DuckDBConnection connection, String file, AnalyticsSettings settings) throws SQLException {
    this.connection = connection;
    try (Statement s = connection.createStatement()) {
      // Connection-local staging tables: batches are appended here (fast), then upserted in one statement each.
      s.execute("CREATE TEMP TABLE IF NOT EXISTS staging_orders AS SELECT " + ORDER_COLUMNS + " FROM orders LIMIT 0");
      s.execute("CREATE TEMP TABLE IF NOT EXISTS staging_lines AS SELECT " + LINE_COLUMNS + " FROM order_lines LIMIT 0");
    }
    this.file = file;
    this.flushNanos = settings.flushInterval().toNanos();
    this.maxBatch = settings.maxBatch();
    this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    this.thread = Thread.ofPlatform().name("analytics-writer").daemon(true).unstarted(this::run);
    thread.start();
  }

  /**
   * Writes the facts and returns once they are committed.
   *
   * @throws AnalyticsWriteException if DuckDB refused them (the message says why)
   * @throws IllegalStateException if the writer is closed
   */
  void write(OrderFacts facts) throws InterruptedException {
    requireOpen();
    Request request = new Request(facts, new CompletableFuture<>());
    while (!queue.offer(request, 100, TimeUnit.MILLISECONDS)) {
      requireOpen();
    }
    while (true) {
      try {
        request.done().get(100, TimeUnit.MILLISECONDS);
        return;
      } catch (TimeoutException stillWaiting) {
        if (!thread.isAlive() && queue.remove(request)) {
          requireOpen();
          throw new IllegalStateException("the analytics writer for " + file + " stopped; see the log");
        }
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw new AnalyticsWriteException("writing order " + facts.tenant() + "/" + facts.orderId() + " to " + file + " failed", e.getCause());
      }
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the analytics database " + file + " is closed; the analytics service must stop before it");
    }
  }

  private void run() {
    List<Request> batch = new ArrayList<>(maxBatch);
    try {
      while (!closed || !queue.isEmpty()) {
        Request first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        long deadline = System.nanoTime() + flushNanos;
        while (batch.size() < maxBatch) {
          long left = deadline - System.nanoTime();
          Request next = left > 0 && !closed ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
          if (next == null) {
            break;
          }
          batch.add(next);
        }
        writeBatch(batch);
        batch.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      log.error("analytics writer for {} died; order events will be retried after a restart", file, e);
    } finally {
      IllegalStateException gone = new IllegalStateException("the analytics database " + file + " closed before this order was written");
      batch.forEach(r -> r.done().completeExceptionally(gone));
      List<Request> left = new ArrayList<>();
      queue.drainTo(left);
      left.forEach(r -> r.done().completeExceptionally(gone));
    }
  }

  private void writeBatch(List<Request> batch) {
    Map<String, OrderFacts> latest = new LinkedHashMap<>();
    for (Request r : batch) {
      latest.merge(r.facts().key(), r.facts(), (a, b) -> b.version() > a.version() ? b : a);
    }
    try {
      long start = System.nanoTime();
      commit(List.copyOf(latest.values()));
      batch.forEach(r -> r.done().complete(null));
      log.debug("analytics: wrote {} order events as {} orders to {} in {} µs", batch.size(), latest.size(), file, (System.nanoTime() - start) / 1000);
    } catch (SQLException | RuntimeException e) {
      if (batch.size() == 1) {
        Request only = batch.getFirst();
        only.done().completeExceptionally(new AnalyticsWriteException("DuckDB refused order " + only.facts().tenant() + "/"
            + only.facts().orderId() + " (version " + only.facts().version() + ") in " + file + ": " + e.getMessage(), e));
        return;
      }
      log.warn("analytics: a batch of {} order events failed in {} ({}); writing them one by one", batch.size(), file, e.getMessage());
      for (Request r : batch) {
        writeBatch(List.of(r));
      }
    }
  }

  private void commit(List<OrderFacts> orders) throws SQLException {
    try (Statement s = connection.createStatement()) {
      // An appender commits on its own: rows a failed batch staged are still here.
      s.execute("DELETE FROM staging_orders");
      s.execute("DELETE FROM staging_lines");
    }
    try (DuckDBAppender ap = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "staging_orders")) {
      for (OrderFacts o : orders) {
        ap.beginRow();
        ap.append(o.tenant());
        ap.append(o.orderId());
        ap.append(o.customerEmail());
        ap.append(o.status());
        ap.appendLocalDateTime(utc(o.placedAt()));
        if (o.confirmedAt() == null) {
          ap.append((String) null);
        } else {
          ap.appendLocalDateTime(utc(o.confirmedAt()));
        }
        ap.appendLocalDateTime(utc(o.updatedAt()));
        ap.appendLocalDateTime(utc(o.hour()));
        ap.appendBigDecimal(o.subtotal());
        ap.appendBigDecimal(o.tax());
        ap.appendBigDecimal(o.total());
        ap.append(o.currency());
        ap.append(o.units());
        ap.append(o.version());
        ap.endRow();
      }
    }
    try (DuckDBAppender ap = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "staging_lines")) {
      for (OrderFacts o : orders) {
        for (OrderFacts.Line l : o.lines()) {
          ap.beginRow();
          ap.append(o.tenant());
          ap.append(o.orderId());
          ap.append(l.sku());
          ap.append(l.name());
          ap.append(l.quantity());
          ap.appendBigDecimal(l.unitPrice());
          ap.appendBigDecimal(l.lineTotal());
          ap.appendLocalDateTime(utc(o.hour()));
          ap.endRow();
        }
      }
    }
    connection.setAutoCommit(false);
    try (Statement s = connection.createStatement()) {
      s.execute("INSERT INTO orders (" + ORDER_COLUMNS + ") SELECT " + ORDER_COLUMNS + " FROM staging_orders" + ORDER_UPSERT);
      s.execute("INSERT INTO order_lines (" + LINE_COLUMNS + ") SELECT " + LINE_COLUMNS + " FROM staging_lines"
          + " ON CONFLICT (tenant, order_id, sku) DO NOTHING");
      s.execute("DELETE FROM staging_orders");
      s.execute("DELETE FROM staging_lines");
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      try {
        connection.rollback();
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  private static LocalDateTime utc(Instant t) {
    return LocalDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  static long micros(Instant t) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }

  void closeConnection() {
    try {
      connection.close();
    } catch (SQLException e) {
      log.warn("closing the analytics writer's connection to {} failed: {}", file, e.getMessage());
    }
  }

  /** Stops taking requests, writes what is queued, and stops the writer thread (waiting up to 30 s). */
  @Override
  public void close() {
    closeLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      try {
        thread.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (thread.isAlive()) {
        log.warn("analytics writer for {} did not finish within 30 s; interrupting it", file);
        thread.interrupt();
      }
    } finally {
      closeLock.unlock();
    }
  }
}
