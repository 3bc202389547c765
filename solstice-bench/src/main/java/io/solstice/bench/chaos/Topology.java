package io.solstice.bench.chaos;

import io.solstice.app.traffic.ApiClient;
import io.solstice.store.sql.SqlStoreConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * The processes a crash run starts, kills and restarts: the embedded platform (one process on
 * SQLite) or the split one (an API process and workers on PostgreSQL and Kafka). Also where their
 * log is, so that the checks can read it once every process has stopped.
 */
sealed interface Topology extends AutoCloseable permits EmbeddedTopology, SplitTopology {

  /** One process of the topology and a client of its HTTP port (every process serves its health and admin routes). */
  record Node(ChildServer server, ApiClient api) {}

  /** {@code embedded} or {@code split}. */
  String name();

  /** Every process, the API process first. */
  List<Node> nodes();

  /** The process the load drives (its API). */
  Node apiNode();

  /** The process to kill next. */
  Node victim(Random random);

  /** Polls in a row, one second apart, that must see nothing change before the platform counts as quiet. */
  int quietPolls();

  /** The store, for the read-model rebuild. */
  SqlStoreConfig storeConfig();

  /** The store's database, for the log checks. */
  LogChecks.Database database();

  /** Where the mail sink writes. */
  Path mailDirectory();

  /** The data directory holding {@code analytics.duckdb}. */
  Path analyticsDirectory();

  /** Whether an analytics rebuild needs a copy of the store's files (embedded) or reads the shared store (split). */
  boolean rebuildCopiesStore();

  /** The arguments of a {@code serve} that rebuilds analytics from the log into {@code copy}, on {@code port}. */
  List<String> analyticsRebuildArgs(Path copy, int port);

  /** Releases what the topology holds besides its processes (the broker); {@code keep}: leave the data for a look. */
  void close(boolean keep) throws Exception;

  @Override
  default void close() throws Exception {
    close(true);
  }

  /** The arguments every {@code serve} of a run shares. */
  static List<String> serve(Path data, int port) {
    return List.of("serve", "--data", data.toString(), "--host", "127.0.0.1", "--port", Integer.toString(port), "--rate-limit", "100000000",
        "--stop-timeout", "20");
  }
}
