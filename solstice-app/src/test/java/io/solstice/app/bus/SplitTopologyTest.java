package io.solstice.app.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.app.Main;
import io.solstice.app.traffic.ApiClient;
import io.solstice.app.traffic.OrderRecord;
import io.solstice.app.traffic.Shop;
import io.solstice.app.traffic.ShopCatalog;
import io.solstice.app.traffic.ShopProvisioner;
import io.solstice.app.traffic.ShopperMix;
import io.solstice.app.traffic.TenantSpec;
import io.solstice.app.traffic.TrafficGenerator;
import io.solstice.app.traffic.TrafficProgress;
import io.solstice.kafka.broker.KraftBroker;
import io.solstice.testkit.Await;
import io.solstice.testkit.ChildJvm;
import io.solstice.testkit.RequiresPostgres;
import io.solstice.testkit.TestPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The whole order flow split over separate processes on PostgreSQL and Kafka, as the README's
 * scale-out section runs it: one API-only process ({@code --services none}) and two workers running
 * the order flow, sharing one data directory. One worker is killed with SIGKILL mid-run; every
 * acknowledged order still reaches its final status, with exactly one confirmation mail.
 */
@RequiresPostgres
class SplitTopologyTest {
  private static final String ADMIN_KEY = "split-topology-admin-key-0123456789";
  private static final String FLOW = "fraud,order,payment,fulfillment,notification";
  private static final Pattern CONFIRMATION = Pattern.compile("(?m)^Subject: Order \\S+ confirmed$");

  /** Under target/, not a temporary directory: the processes' logs stay for a look after a failure. */
  private Path dir;
  private final List<Process> processes = new ArrayList<>();
  private KraftBroker broker;
  private String schema;

  @AfterEach
  void stopEverything() throws Exception {
    processes.forEach(Process::destroyForcibly);
    for (Process p : processes) {
      p.waitFor(30, TimeUnit.SECONDS);
    }
    if (broker != null) {
      broker.close();
    }
    if (schema != null) {
      try (Connection c = TestPostgres.connect(); Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }

  private Process serve(String name, Path data, int port, String services) {
    List<String> args = List.of("serve", "--backend", "postgres", "--pg-url", TestPostgres.url(), "--pg-schema", schema,
        "--bus", "kafka://" + broker.bootstrapServers(), "--bus-partitions", "4", "--data", data.toString(), "--host", "127.0.0.1",
        "--port", Integer.toString(port), "--services", services, "--admin-key", ADMIN_KEY, "--stop-timeout", "5");
    Process p = ChildJvm.start(Main.class, List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), args,
        dir.resolve(name + ".log"));
    processes.add(p);
    return p;
  }

  @Test
  void everyAcknowledgedOrderSettlesWithOneConfirmationMailWhenAWorkerIsKilledMidRun() throws Exception {
    dir = Files.createDirectories(Path.of("target", "split-topology", Long.toString(System.currentTimeMillis())));
    schema = "t_split_" + ProcessHandle.current().pid();
    broker = KraftBroker.start(dir.resolve("broker"));
    Path data = Files.createDirectories(dir.resolve("data"));
    int apiPort = freePort();
    serve("api", data, apiPort, "none");
    ApiClient api = new ApiClient(URI.create("http://127.0.0.1:" + apiPort + "/"), Duration.ofSeconds(30));
    api.awaitReady(Duration.ofSeconds(120));
    Process doomed = serve("worker-1", data, 0, FLOW);
    serve("worker-2", data, 0, FLOW);

    ShopCatalog catalog = ShopCatalog.standard();
    List<Shop> shops = new ShopProvisioner(api, ADMIN_KEY).provision(TenantSpec.generate(2, "split"), catalog, 1_000_000L);
    TrafficGenerator generator = new TrafficGenerator(api, new TrafficGenerator.Settings(8, 20, Duration.ofSeconds(120), false, false),
        TrafficProgress.silent());
    CompletableFuture<TrafficGenerator.Run> run = CompletableFuture.supplyAsync(() -> {
      try {
        return generator.run(shops, ShopperMix.checkoutOnly(7, catalog), new TrafficGenerator.Limit.Orders(200), "split");
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    Thread.sleep(5_000); // orders flowing through both workers
    doomed.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    List<OrderRecord> orders = run.get(5, TimeUnit.MINUTES).orders();
    generator.settle(orders, 8);

    List<OrderRecord> placed = orders.stream().filter(OrderRecord::placed).toList();
    assertThat(placed).hasSizeGreaterThan(150);
    assertThat(placed).allSatisfy(o -> assertThat(o.settled()).as("order %s reached %s (history %s)", o.orderId(),
        o.plan().scenario().finalStatus(), o.history()).isTrue());
    // statuses do not wait for mails: the notification group may still be taking over the killed worker's partitions
    Path mailDir = data.resolve("mail");
    long expected = placed.stream().filter(OrderRecord::expectsConfirmationMail).count();
    Await.until(expected + " confirmation mails", () -> confirmations(mails(mailDir)) >= expected,
        () -> confirmations(mails(mailDir)) + " confirmation mails so far");
    List<String> mails = mails(mailDir);
    for (OrderRecord o : placed) {
      long confirmations = mails.stream().filter(m -> m.contains("Order " + o.orderId() + " confirmed")).count();
      assertThat(confirmations).as("confirmation mails of %s", o.orderId()).isEqualTo(o.expectsConfirmationMail() ? 1 : 0);
    }
  }

  private static List<String> mails(Path mail) {
    List<String> texts = new ArrayList<>();
    try (Stream<Path> files = Files.list(mail)) {
      for (Path f : files.filter(f -> f.toString().endsWith(".eml")).toList()) {
        texts.add(Files.readString(f, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return texts;
  }

  private static long confirmations(List<String> mails) {
    return mails.stream().filter(m -> CONFIRMATION.matcher(m).find()).count();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
