package io.solstice.commerce.readmodel;

import io.solstice.commerce.Categories;
import io.solstice.core.RecordedEvent;
import io.solstice.core.store.CheckpointKey;
import io.solstice.core.store.CheckpointStore;
import io.solstice.core.store.EventStore;
import io.solstice.core.store.FeedFilter;
import io.solstice.core.store.TenantEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Rebuilds a read model from the event log, and reports each read model's progress ({@code solstice
 * projections rebuild|list}).
 *
 * <h2>How a rebuild works (safe while a server runs)</h2>
 *
 * <ol>
 *   <li>Empty shadow tables ({@code rm_…_rebuild}) are created.
 *   <li>The log of each tenant (one, or every tenant in the directory) is replayed into the shadow
 *       tables, category by category, one transaction per page of {@value #PAGE} events, with the
 *       very code the live projection runs. Nothing live is locked meanwhile.
 *   <li>The swap, in one short transaction: take the write lock on the live tables (SQLite's writer
 *       lock; {@code LOCK TABLE … IN EXCLUSIVE MODE} on PostgreSQL, which blocks the live
 *       projection's writes but not readers), replay the events appended since step 2 into the shadow
 *       tables, delete the live rows (of the tenant, or all), copy the shadow rows in, commit.
 *   <li>The shadow tables are dropped, and the {@code projections} service's checkpoints of the read
 *       model's partitions are set to the positions the rebuild reached.
 * </ol>
 *
 * Why this is correct with a live projection running: every event committed before the swap's lock
 * is in the copied rows; the live projection's writes wait for the lock, and each of them first
 * claims its event on the row's recorded position, so an event the rebuild already applied is
 * ignored and a later one is applied on top of the rebuilt row. On SQLite the swap also holds off
 * the event writer (one writer per database) for its duration, which is short: it copies rows
 * already built. Run one rebuild of a read model at a time (they share the shadow tables).
 */
public final class ReadModelRebuild {

  /** Events replayed per shadow transaction. */
  public static final int PAGE = 1_000;

  private static final long LAG_COUNT_LIMIT = 100_000;

  private final EventStore store;
  private final DataSource dataSource;
  private final CheckpointStore checkpoints;
  private final Projections.Decoding decoding;
  private final Sql.Dialect dialect;

  /** Creates the live tables if missing. */
  public ReadModelRebuild(Categories categories, EventStore store, DataSource dataSource, CheckpointStore checkpoints) {
    this.store = Objects.requireNonNull(store, "store");
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
    this.decoding = new Projections.Decoding(Objects.requireNonNull(categories, "categories"));
    this.dialect = Sql.dialectOf(dataSource);
    Projections.createTables(dataSource, dialect);
  }

  /** Told about a rebuild's progress after each page and at the swap. */
  @FunctionalInterface
  public interface Listener {
    /**
     * @param phase {@code replay} or {@code swap}
     * @param events events replayed so far
     * @param position the position last replayed
     * @param head the head of the tenant's store when the rebuild started
     */
    void progress(ReadModel model, String tenant, String category, String phase, long events, long position, long head);

    Listener NONE = (m, t, c, p, e, pos, h) -> {};
  }

  /**
   * What a rebuild did.
   *
   * @param tenants the tenants rebuilt
   * @param events events replayed
   * @param rows rows of the read model's main table after the swap (of those tenants)
   * @param position the highest position replayed
   * @param took how long it took
   */
  public record Result(ReadModel model, List<String> tenants, long events, long rows, long position, Duration took) {}

  /**
   * A read model's progress for one tenant.
   *
   * @param position the lowest stored checkpoint of the model's partitions (0: none yet)
   * @param lag events of the model's categories past the checkpoints (counted up to 100,000)
   * @param rows rows of the model's main table
   */
  public record Status(ReadModel model, String tenant, long position, long lag, long rows) {}

  /**
   * Rebuilds {@code model} for {@code tenant}, or for every tenant when it is null.
   *
   * @throws IllegalArgumentException if the tenant is not in the store's tenant directory
   * @throws ReadModelException if the database fails (the live tables are then untouched)
   */
  public Result rebuild(ReadModel model, String tenant, Listener listener) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(listener, "listener");
    long started = System.nanoTime();
    List<String> tenants = tenants(tenant);
    Map<String, Long> heads = new LinkedHashMap<>();
    Map<Cursor, Long> cursors = new LinkedHashMap<>();
    for (String t : tenants) {
      heads.put(t, store.headPosition(t));
      for (String category : model.categories()) {
        cursors.put(new Cursor(t, category), 0L);
      }
    }
    long[] events = {0};
    try {
      createShadow(model);
      for (Map.Entry<Cursor, Long> c : cursors.entrySet()) {
        long after = 0;
        while (true) {
          long from = after;
          List<RecordedEvent> page = store.readAll(from, PAGE, FeedFilter.category(c.getKey().tenant(), c.getKey().category()));
          if (page.isEmpty()) {
            break;
          }
          Sql.inTransaction(dataSource, dialect, tx -> applyAll(tx, page));
          after = page.getLast().position();
          events[0] += page.size();
          listener.progress(model, c.getKey().tenant(), c.getKey().category(), "replay", events[0], after, heads.get(c.getKey().tenant()));
        }
        c.setValue(after);
      }
      long rows = Sql.inTransaction(dataSource, dialect, tx -> {
        if (dialect == Sql.Dialect.POSTGRES) {
          Sql.execute(tx, "LOCK TABLE " + String.join(", ", Tables.LIVE.of(model)) + " IN EXCLUSIVE MODE");
        }
        for (Map.Entry<Cursor, Long> c : cursors.entrySet()) {
          long after = c.getValue();
          while (true) {
            List<RecordedEvent> page = store.readAll(after, PAGE, FeedFilter.category(c.getKey().tenant(), c.getKey().category()));
            if (page.isEmpty()) {
              break;
            }
            applyAll(tx, page);
            after = page.getLast().position();
            events[0] += page.size();
          }
          c.setValue(after);
          listener.progress(model, c.getKey().tenant(), c.getKey().category(), "swap", events[0], after, heads.get(c.getKey().tenant()));
        }
        return swap(tx, model, tenant);
      });
      dropShadow(model);
      Map<CheckpointKey, Long> reached = new LinkedHashMap<>();
      cursors.forEach((c, position) -> {
        if (position > 0) {
          reached.put(new CheckpointKey(Projections.NAME, c.tenant(), "store:" + c.category()), position);
        }
      });
      checkpoints.saveAll(reached);
      long position = cursors.values().stream().mapToLong(Long::longValue).max().orElse(0);
      return new Result(model, tenants, events[0], rows, position, Duration.ofNanos(System.nanoTime() - started));
    } catch (SQLException e) {
      throw new ReadModelException("rebuilding read model " + model.modelName() + (tenant == null ? "" : " of tenant " + tenant)
          + " failed after " + events[0] + " events: " + e.getMessage() + "; the live tables are unchanged. Check the database and run"
          + " the rebuild again", e);
    }
  }

  /** Every read model's progress for every tenant of the directory. */
  public List<Status> status() {
    List<Status> result = new ArrayList<>();
    for (String tenant : tenants(null)) {
      for (ReadModel model : ReadModel.values()) {
        long position = Long.MAX_VALUE;
        long lag = 0;
        for (String category : model.categories()) {
          long cp = checkpoints.load(new CheckpointKey(Projections.NAME, tenant, "store:" + category));
          position = Math.min(position, cp);
          lag += count(tenant, category, cp, LAG_COUNT_LIMIT - lag);
        }
        result.add(new Status(model, tenant, position, lag, rows(model, tenant)));
      }
    }
    return result;
  }

  private record Cursor(String tenant, String category) {}

  private List<String> tenants(String tenant) {
    List<String> all = store.tenants().list().stream().map(TenantEntry::tenant).toList();
    if (tenant == null) {
      return all;
    }
    if (!all.contains(tenant)) {
      throw new IllegalArgumentException("tenant '" + tenant + "' is not in the store's tenant directory; known tenants: " + all);
    }
    return List.of(tenant);
  }

  private Void applyAll(Connection tx, List<RecordedEvent> page) throws SQLException {
    for (RecordedEvent e : page) {
      Projections.apply(tx, Tables.SHADOW, decoding.decode(e));
    }
    return null;
  }

  private void createShadow(ReadModel model) throws SQLException {
    Sql.inTransaction(dataSource, dialect, tx -> {
      for (String table : Tables.SHADOW.of(model)) {
        Sql.execute(tx, "DROP TABLE IF EXISTS " + table);
      }
      for (String ddl : Tables.SHADOW.ddl(model, false)) {
        Sql.execute(tx, ddl);
      }
      return null;
    });
  }

  private void dropShadow(ReadModel model) throws SQLException {
    Sql.inTransaction(dataSource, dialect, tx -> {
      for (String table : Tables.SHADOW.of(model)) {
        Sql.execute(tx, "DROP TABLE IF EXISTS " + table);
      }
      return null;
    });
  }

  /** Replaces the live rows (of {@code tenant}, or all) by the shadow rows; returns the main table's rows. */
  private long swap(Connection tx, ReadModel model, String tenant) throws SQLException {
    List<String> live = Tables.LIVE.of(model);
    List<String> shadow = Tables.SHADOW.of(model);
    for (int i = 0; i < live.size(); i++) {
      String where = tenant == null ? "" : " WHERE tenant = ?";
      try (PreparedStatement ps = tx.prepareStatement("DELETE FROM " + live.get(i) + where)) {
        if (tenant != null) {
          ps.setString(1, tenant);
        }
        ps.executeUpdate();
      }
      String columns = Tables.LIVE.columnsOf(live.get(i));
      Sql.execute(tx, "INSERT INTO " + live.get(i) + " (" + columns + ") SELECT " + columns + " FROM " + shadow.get(i));
    }
    try (PreparedStatement ps = tx.prepareStatement("SELECT COUNT(*) FROM " + shadow.getFirst())) {
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private long count(String tenant, String category, long after, long limit) {
    long n = 0;
    while (n < limit) {
      List<RecordedEvent> page = store.readAll(after, (int) Math.min(PAGE, limit - n), FeedFilter.category(tenant, category));
      if (page.isEmpty()) {
        break;
      }
      n += page.size();
      after = page.getLast().position();
    }
    return n;
  }

  private long rows(ReadModel model, String tenant) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + Tables.LIVE.of(model).getFirst() + " WHERE tenant = ?")) {
      ps.setString(1, tenant);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new ReadModelException("cannot count the rows of read model " + model.modelName() + " of " + tenant + ": " + e.getMessage(), e);
    }
  }
}
