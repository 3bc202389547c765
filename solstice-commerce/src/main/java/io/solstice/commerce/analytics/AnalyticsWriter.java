package io.solstice.commerce.analytics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
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
 * upserts them in one transaction ({@code orders} replaced only by a higher version, {@code
 * order_lines} inserted once), commits, and completes every request of the batch. If the batch
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

  /** Rows per INSERT statement (parameters per statement stay in the low thousands). */
  private static final int ROWS_PER_STATEMENT = 100;

  private static final String ORDER_COLUMNS = "tenant, order_id, customer_email, status, placed_at, confirmed_at, updated_at, hour, "
      + "subtotal, tax, total, currency, units, version";
  private static final String ORDER_VALUES = "(?, ?, ?, ?, make_timestamp(?), make_timestamp(?), make_timestamp(?), make_timestamp(?), "
      + "?, ?, ?, ?, ?, ?)";
  private static final String ORDER_UPSERT = " ON CONFLICT (tenant, order_id) DO UPDATE SET customer_email = excluded.customer_email, "
      + "status = excluded.status, placed_at = excluded.placed_at, confirmed_at = excluded.confirmed_at, "
      + "updated_at = excluded.updated_at, hour = excluded.hour, subtotal = excluded.subtotal, tax = excluded.tax, "
      + "total = excluded.total, currency = excluded.currency, units = excluded.units, version = excluded.version "
      + "WHERE excluded.version > orders.version";
  private static final String LINE_COLUMNS = "tenant, order_id, sku, name, quantity, unit_price, line_total, hour";
  private static final String LINE_VALUES = "(?, ?, ?, ?, ?, ?, ?, make_timestamp(?))";

  private record Request(OrderFacts facts, CompletableFuture<Void> done) {}

  private final Connection connection;
  private final String file;
  private final long flushNanos;
  private final int maxBatch;
  private final BlockingQueue<Request> queue;
  private final Thread thread;
  private final ReentrantLock closeLock = new ReentrantLock();
  private volatile boolean closed;

  AnalyticsWriter(Connection connection, String file, AnalyticsSettings settings) {
    this.connection = connection;
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
      commit(List.copyOf(latest.values()));
      batch.forEach(r -> r.done().complete(null));
      log.debug("analytics: wrote {} order events as {} orders to {}", batch.size(), latest.size(), file);
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
    connection.setAutoCommit(false);
    try {
      for (int from = 0; from < orders.size(); from += ROWS_PER_STATEMENT) {
        upsertOrders(orders.subList(from, Math.min(orders.size(), from + ROWS_PER_STATEMENT)));
      }
      List<Object[]> lines = new ArrayList<>();
      for (OrderFacts o : orders) {
        for (OrderFacts.Line l : o.lines()) {
          lines.add(new Object[] {o, l});
        }
      }
      for (int from = 0; from < lines.size(); from += ROWS_PER_STATEMENT) {
        insertLines(lines.subList(from, Math.min(lines.size(), from + ROWS_PER_STATEMENT)));
      }
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

  private void upsertOrders(List<OrderFacts> rows) throws SQLException {
    String sql = "INSERT INTO orders (" + ORDER_COLUMNS + ") VALUES " + String.join(", ", java.util.Collections.nCopies(rows.size(), ORDER_VALUES))
        + ORDER_UPSERT;
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      int p = 1;
      for (OrderFacts o : rows) {
        ps.setString(p++, o.tenant());
        ps.setString(p++, o.orderId());
        ps.setString(p++, o.customerEmail());
        ps.setString(p++, o.status());
        ps.setLong(p++, micros(o.placedAt()));
        if (o.confirmedAt() == null) {
          ps.setNull(p++, Types.BIGINT);
        } else {
          ps.setLong(p++, micros(o.confirmedAt()));
        }
        ps.setLong(p++, micros(o.updatedAt()));
        ps.setLong(p++, micros(o.hour()));
        ps.setBigDecimal(p++, o.subtotal());
        ps.setBigDecimal(p++, o.tax());
        ps.setBigDecimal(p++, o.total());
        ps.setString(p++, o.currency());
        ps.setInt(p++, o.units());
        ps.setLong(p++, o.version());
      }
      ps.executeUpdate();
    }
  }

  private void insertLines(List<Object[]> rows) throws SQLException {
    String sql = "INSERT INTO order_lines (" + LINE_COLUMNS + ") VALUES " + String.join(", ", java.util.Collections.nCopies(rows.size(), LINE_VALUES))
        + " ON CONFLICT (tenant, order_id, sku) DO NOTHING";
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      int p = 1;
      for (Object[] row : rows) {
        OrderFacts o = (OrderFacts) row[0];
        OrderFacts.Line l = (OrderFacts.Line) row[1];
        ps.setString(p++, o.tenant());
        ps.setString(p++, o.orderId());
        ps.setString(p++, l.sku());
        ps.setString(p++, l.name());
        ps.setInt(p++, l.quantity());
        ps.setBigDecimal(p++, l.unitPrice());
        ps.setBigDecimal(p++, l.lineTotal());
        ps.setLong(p++, micros(o.hour()));
      }
      ps.executeUpdate();
    }
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
