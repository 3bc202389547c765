package io.solstice.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.core.EventData;
import io.solstice.core.StreamName;
import io.solstice.core.store.ExpectedVersion;
import io.solstice.core.store.FeedFilter;
import io.solstice.core.store.TenantPlacement;
import io.solstice.store.sql.StatementCounts.Kind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the store counts as statements, by kind: the figures behind {@code solstice.store.statements}
 * and bench checkout's {@code store_statements_per_order} and {@code feed_statements_per_order}.
 */
class StatementCountsTest {
  private static final StreamName STREAM = StreamName.of("acme", "Order", "o1");

  @TempDir Path dir;
  private SqlEventStore store;

  @BeforeEach
  void open() {
    store = SqlEventStore.open(SqlStoreConfig.sqlite(dir.resolve("solstice.db")));
    store.tenants().register("acme", TenantPlacement.POOLED_STORE);
    store.append(STREAM, ExpectedVersion.ANY, List.of(event()));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static EventData event() {
    return EventData.of("Touched", "{}".getBytes(StandardCharsets.UTF_8));
  }

  private long[] counts() {
    StatementCounts c = store.statements();
    return new long[] {c.count(Kind.WRITE), c.count(Kind.FEED), c.count(Kind.OTHER), c.writeCommits()};
  }

  private long[] since(long[] before) {
    long[] now = counts();
    return new long[] {now[0] - before[0], now[1] - before[1], now[2] - before[2], now[3] - before[3]};
  }

  @Test
  void eachStreamReadIsOneOtherStatement() {
    long[] before = counts();

    store.read(STREAM, 0, 10);
    store.read(STREAM, 0, 10);
    store.version(STREAM);

    assertThat(since(before)).containsExactly(0, 0, 3, 0);
  }

  @Test
  void feedReadsAndTheHeadAreFeedStatements() {
    long[] before = counts();

    store.readAll(0, 10, FeedFilter.ALL);
    store.readAll(0, 10, new FeedFilter("acme", "Order"));
    store.headPosition();

    assertThat(since(before)).containsExactly(0, 3, 0, 0);
  }

  @Test
  void anAppendIsOneWriterCommitAndEachMoreEventAddsItsIdLookUpAndItsRow() {
    long[] before = counts();
    store.append(StreamName.of("acme", "Order", "o2"), ExpectedVersion.NO_STREAM, List.of(event()));
    long[] one = since(before);

    long[] middle = counts();
    store.append(StreamName.of("acme", "Order", "o3"), ExpectedVersion.NO_STREAM, List.of(event(), event(), event()));
    long[] three = since(middle);

    assertThat(one[3]).isEqualTo(1);
    assertThat(three[3]).isEqualTo(1);
    assertThat(three[0] - one[0]).isEqualTo(4);
    assertThat(new long[] {one[1], one[2], three[1], three[2]}).containsOnly(0);
  }

  @Test
  void aTransactionOnTheReadPoolCountsItsBeginItsStatementsAndItsEnd() throws Exception {
    long[] before = counts();

    try (Connection c = store.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("SELECT count(*) FROM checkpoints");
      }
      c.rollback();
      c.setAutoCommit(true);
    }

    assertThat(since(before)).containsExactly(0, 0, 3, 0);
  }

  @Test
  void onlyFeedAndHeadQueriesOfTheEventsTableAreClassedAsFeed() {
    assertThat(StatementCounts.classifyRead("SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?")).isEqualTo(Kind.FEED);
    assertThat(StatementCounts.classifyRead("SELECT max(position) FROM events")).isEqualTo(Kind.FEED);
    assertThat(StatementCounts.classifyRead("SELECT * FROM events WHERE stream = ? AND version >= ?")).isEqualTo(Kind.OTHER);
    assertThat(StatementCounts.classifyRead("SELECT position FROM checkpoints WHERE position > ?")).isEqualTo(Kind.OTHER);
    assertThat(StatementCounts.classifyRead(null)).isEqualTo(Kind.OTHER);
  }
}
