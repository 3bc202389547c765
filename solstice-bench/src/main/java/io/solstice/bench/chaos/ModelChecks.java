package io.solstice.bench.chaos;

import io.solstice.commerce.Categories;
import io.solstice.commerce.analytics.AnalyticsDatabase;
import io.solstice.commerce.analytics.AnalyticsService;
import io.solstice.commerce.readmodel.ReadModel;
import io.solstice.commerce.readmodel.ReadModelRebuild;
import io.solstice.store.sql.SqlEventStore;
import io.solstice.store.sql.SqlStoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The checks that the derived data of a stopped embedded server equals a rebuild from the log: the
 * read models ({@code rm_*} tables) against {@link ReadModelRebuild} (which replaces the live rows by
 * the rebuilt ones, so run it on data you are done with), and the analytics tables against those of
 * another analytics database built from the log from scratch (see {@link #prepareAnalyticsRebuild}).
 * Rows are compared as whole rows, every column, as sorted sets.
 */
final class ModelChecks {
  /** Each read-model table with the columns that identify a row (for sorting). */
  private static final Map<String, String> READ_MODEL_TABLES = new LinkedHashMap<>();

  static {
    READ_MODEL_TABLES.put("rm_products", "tenant, sku");
    READ_MODEL_TABLES.put("rm_stock_holds", "tenant, sku, order_id");
    READ_MODEL_TABLES.put("rm_orders", "tenant, order_id");
    READ_MODEL_TABLES.put("rm_order_history", "tenant, order_id, position");
  }

  private static final Map<String, String> ANALYTICS_TABLES = Map.of("orders", "tenant, order_id", "order_lines", "tenant, order_id, sku");

  private ModelChecks() {}

  /** Rows compared and the differences found. */
  record Comparison(long rows, List<String> differences) {}

  /** Rebuilds every read model of the store {@code config} opens from its log, and compares the rows before and after. */
  static Comparison readModels(SqlStoreConfig config) throws SQLException {
    try (SqlEventStore store = SqlEventStore.open(config)) {
      Map<String, TreeSet<String>> live = dump(store.dataSource().getConnection(), READ_MODEL_TABLES);
      ReadModelRebuild rebuild = new ReadModelRebuild(Categories.on(store), store, store.dataSource(), store.checkpoints());
      for (ReadModel model : ReadModel.values()) {
        rebuild.rebuild(model, null, ReadModelRebuild.Listener.NONE);
      }
      Map<String, TreeSet<String>> rebuilt = dump(store.dataSource().getConnection(), READ_MODEL_TABLES);
      return compare("read model", live, rebuilt);
    }
  }

  /**
   * Prepares {@code copy} as the data directory of an analytics rebuild: the secrets of {@code
   * dataDirectory} (and, with {@code withStore}, the embedded store's files) without the analytics
   * database; then clears the {@code analytics} service's checkpoints (in the copy's store, or in
   * the shared {@code database}), as a restore does. A server started on the copy with {@code --services analytics} (on the store
   * feed) rebuilds the analytics database from the log.
   */
  static void prepareAnalyticsRebuild(Path dataDirectory, Path copy, boolean withStore, LogChecks.Database database)
      throws IOException, SQLException {
    Files.createDirectories(copy);
    if (withStore) {
      for (String name : List.of("solstice.db", "solstice.db-wal", "solstice.db-shm")) {
        Path from = dataDirectory.resolve(name);
        if (Files.exists(from)) {
          Files.copy(from, copy.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    Path secrets = dataDirectory.resolve("secrets");
    if (Files.isDirectory(secrets)) {
      try (Stream<Path> all = Files.walk(secrets)) {
        for (Path p : all.toList()) {
          Path to = copy.resolve(dataDirectory.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(to);
          } else {
            Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
          }
        }
      }
    }
    LogChecks.Database target = withStore
        ? () -> DriverManager.getConnection("jdbc:sqlite:" + copy.resolve("solstice.db").toAbsolutePath()) // the copy, writable
        : database;
    try (Connection c = target.connect(); PreparedStatement ps = c.prepareStatement("DELETE FROM checkpoints WHERE service = ?")) {
      ps.setString(1, AnalyticsService.NAME);
      ps.executeUpdate();
    }
  }

  /** Compares the analytics tables of {@code live} with those of {@code rebuilt} (both data directories, no server running on them). */
  static Comparison analytics(Path live, Path rebuilt) throws SQLException {
    return compare("analytics", dumpAnalytics(live), dumpAnalytics(rebuilt));
  }

  /** Rows of the analytics {@code orders} table in {@code dataDirectory}, and the sum of their versions (to see a rebuild progress). */
  static long[] analyticsProgress(Path dataDirectory) throws SQLException {
    try (Connection c = analyticsConnection(dataDirectory);
        PreparedStatement ps = c.prepareStatement("SELECT count(*), coalesce(sum(version), 0) FROM orders");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return new long[] {rs.getLong(1), rs.getLong(2)};
    }
  }

  private static Map<String, TreeSet<String>> dumpAnalytics(Path dataDirectory) throws SQLException {
    return dump(analyticsConnection(dataDirectory), ANALYTICS_TABLES);
  }

  private static Connection analyticsConnection(Path dataDirectory) throws SQLException {
    Properties read = new Properties();
    read.setProperty("duckdb.read_only", "true");
    return DriverManager.getConnection("jdbc:duckdb:" + AnalyticsDatabase.fileIn(dataDirectory).toAbsolutePath(), read);
  }

  private static Map<String, TreeSet<String>> dump(Connection connection, Map<String, String> tables) throws SQLException {
    Map<String, TreeSet<String>> rows = new LinkedHashMap<>();
    try (Connection c = connection) {
      for (Map.Entry<String, String> t : tables.entrySet()) {
        TreeSet<String> set = new TreeSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + t.getKey() + " ORDER BY " + t.getValue());
            ResultSet rs = ps.executeQuery()) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= columns; i++) {
              row.append(i == 1 ? "" : " | ").append(rs.getMetaData().getColumnName(i)).append('=').append(rs.getString(i));
            }
            set.add(row.toString());
          }
        }
        rows.put(t.getKey(), set);
      }
    }
    return rows;
  }

  private static Comparison compare(String what, Map<String, TreeSet<String>> live, Map<String, TreeSet<String>> rebuilt) {
    List<String> differences = new ArrayList<>();
    long rows = 0;
    for (String table : live.keySet()) {
      TreeSet<String> a = live.get(table);
      TreeSet<String> b = rebuilt.get(table);
      rows += a.size();
      for (String row : a) {
        if (!b.contains(row)) {
          differences.add(what + " table " + table + ": live row not in the rebuild: " + row);
        }
      }
      for (String row : b) {
        if (!a.contains(row)) {
          differences.add(what + " table " + table + ": rebuilt row missing from the live table: " + row);
        }
      }
    }
    return new Comparison(rows, differences);
  }
}
