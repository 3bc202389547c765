package io.solstice.store.sql;

import java.util.concurrent.atomic.LongAdder;

/**
 * How many JDBC statements this store has executed, by kind; BEGIN, COMMIT and ROLLBACK count as
 * statements. For metrics ({@code solstice.store.statements}) and benchmarks (statements per order).
 *
 * <ul>
 *   <li>{@link Kind#WRITE}: on the writer's connections (appends: lock, head, versions, ids, insert, commit);
 *   <li>{@link Kind#FEED}: reads of the global feed and of the head position on the read pool;
 *   <li>{@link Kind#OTHER}: everything else on the read pool (stream reads, checkpoints, dead
 *       letters, tenants, read models through {@link SqlEventStore#dataSource()}).
 * </ul>
 */
public final class StatementCounts {

  /** What a statement was for. */
  public enum Kind {
    WRITE,
    FEED,
    OTHER
  }

  private final LongAdder[] counts = new LongAdder[Kind.values().length];
  private final LongAdder writeCommits = new LongAdder();

  StatementCounts() {
    for (int i = 0; i < counts.length; i++) {
      counts[i] = new LongAdder();
    }
  }

  /** Statements of {@code kind} executed so far. */
  public long count(Kind kind) {
    return counts[kind.ordinal()].sum();
  }

  /** Statements of every kind executed so far. */
  public long total() {
    long sum = 0;
    for (LongAdder c : counts) {
      sum += c.sum();
    }
    return sum;
  }

  /** Transactions committed by the event writer (each one fsync). */
  public long writeCommits() {
    return writeCommits.sum();
  }

  void add(Kind kind, long n) {
    counts[kind.ordinal()].add(n);
  }

  void commit(Kind kind) {
    counts[kind.ordinal()].increment();
    if (kind == Kind.WRITE) {
      writeCommits.increment();
    }
  }

  /** The kind of a read-pool statement, from its SQL: the feed and head queries are {@link Kind#FEED}. */
  static Kind classifyRead(String sql) {
    if (sql == null) {
      return Kind.OTHER;
    }
    boolean events = sql.contains("FROM events");
    return events && (sql.contains("position > ?") || sql.contains("max(position)")) ? Kind.FEED : Kind.OTHER;
  }
}
