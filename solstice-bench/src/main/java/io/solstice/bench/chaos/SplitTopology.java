package io.solstice.bench.chaos;

import io.solstice.kafka.broker.KraftBroker;
import io.solstice.store.sql.SqlStoreConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The split platform on PostgreSQL and Kafka, as the README's scale-out section runs it: an API
 * process ({@code --services none}), two workers running the order flow ({@code
 * fraud,order,payment,fulfillment,notification}) and one running the views ({@code
 * projections,analytics}; analytics has one writer), all consuming from a KRaft broker (a child
 * JVM) and sharing one data directory (mail files, analytics, the key pepper). Any process may be
 * the one killed: a worker most often, the API and the views too.
 */
final class SplitTopology implements Topology {
  static final String FLOW = "fraud,order,payment,fulfillment,notification";
  static final String VIEWS = "projections,analytics";

  private final Path data;
  private final String pgUrl;
  private final String schema;
  private final KraftBroker broker;
  private final List<Node> nodes = new ArrayList<>();

  SplitTopology(Path data, Path logs, String adminKey, String pgUrl, String schema) {
    this.data = data;
    this.pgUrl = pgUrl;
    this.schema = schema;
    this.broker = KraftBroker.start(data.resolve("broker"));
    Map<String, String> env = Map.of("SOLSTICE_ADMIN_KEY", adminKey);
    nodes.add(node("api", "none", logs, env));
    nodes.add(node("worker-1", FLOW, logs, env));
    nodes.add(node("worker-2", FLOW, logs, env));
    nodes.add(node("views", VIEWS, logs, env));
  }

  private Node node(String name, String services, Path logs, Map<String, String> env) {
    int port = ChildServer.freePort();
    List<String> args = new ArrayList<>(Topology.serve(data, port));
    args.addAll(storeArgs());
    args.addAll(List.of("--bus", "kafka://" + broker.bootstrapServers(), "--bus-partitions", "4", "--services", services));
    return new Node(new ChildServer(name, args, env, logs.resolve(name + ".log")), EmbeddedTopology.client(port));
  }

  private List<String> storeArgs() {
    return List.of("--backend", "postgres", "--pg-url", pgUrl, "--pg-schema", schema);
  }

  @Override
  public String name() {
    return "split";
  }

  @Override
  public List<Node> nodes() {
    return List.copyOf(nodes);
  }

  @Override
  public Node apiNode() {
    return nodes.getFirst();
  }

  /** A worker half the time, else the API or the views. */
  @Override
  public Node victim(Random random) {
    int pick = random.nextInt(6);
    return switch (pick) {
      case 0, 1 -> nodes.get(1);
      case 2 -> nodes.get(2);
      case 3 -> nodes.get(0);
      default -> nodes.get(3);
    };
  }

  /** Long enough for a consumer group to notice a killed member (session time-out 10 s) and hand its partitions over. */
  @Override
  public int quietPolls() {
    return 15;
  }

  @Override
  public SqlStoreConfig storeConfig() {
    return SqlStoreConfig.postgres(pgUrl).withSchema(schema);
  }

  @Override
  public LogChecks.Database database() {
    return LogChecks.Database.postgres(pgUrl, schema);
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
    return false;
  }

  /** On the store feed (no bus), so that it reads the log from the start rather than the group's offsets. */
  @Override
  public List<String> analyticsRebuildArgs(Path copy, int port) {
    List<String> args = new ArrayList<>(Topology.serve(copy, port));
    args.addAll(storeArgs());
    args.addAll(List.of("--services", "analytics"));
    return args;
  }

  @Override
  public void close(boolean keep) throws Exception {
    for (Node n : nodes) {
      n.server().close();
    }
    broker.close();
    if (!keep) {
      try (Connection c = DriverManager.getConnection(pgUrl); Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }
}
