package io.solstice.bench.chaos;

import io.solstice.app.traffic.ApiClient;
import io.solstice.store.sql.SqlStoreConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** One {@code solstice serve} with every service on the embedded SQLite store: the process killed each time. */
final class EmbeddedTopology implements Topology {
  private final Path data;
  private final Node server;

  EmbeddedTopology(Path data, Path logs, String adminKey) {
    this.data = data;
    int port = ChildServer.freePort();
    this.server = new Node(new ChildServer("server", Topology.serve(data, port), Map.of("SOLSTICE_ADMIN_KEY", adminKey),
        logs.resolve("server.log")), client(port));
  }

  static ApiClient client(int port) {
    return new ApiClient(URI.create("http://127.0.0.1:" + port + "/"), Duration.ofSeconds(20));
  }

  @Override
  public String name() {
    return "embedded";
  }

  @Override
  public List<Node> nodes() {
    return List.of(server);
  }

  @Override
  public Node apiNode() {
    return server;
  }

  @Override
  public Node victim(Random random) {
    return server;
  }

  @Override
  public int quietPolls() {
    return 2;
  }

  @Override
  public SqlStoreConfig storeConfig() {
    return SqlStoreConfig.sqlite(data.resolve("solstice.db"));
  }

  @Override
  public LogChecks.Database database() {
    return LogChecks.Database.sqlite(data);
  }

  @Override
  public Path mailDirectory() {
    return data.resolve("mail");
  }

  @Override
  public Path analyticsDirectory() {
    return data;
  }

  @Override
  public boolean rebuildCopiesStore() {
    return true;
  }

  @Override
  public List<String> analyticsRebuildArgs(Path copy, int port) {
    List<String> args = new ArrayList<>(Topology.serve(copy, port));
    args.addAll(List.of("--services", "analytics"));
    return args;
  }

  @Override
  public void close(boolean keep) {
    server.server().close();
  }
}
