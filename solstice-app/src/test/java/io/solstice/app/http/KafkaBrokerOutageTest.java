package io.solstice.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.kafka.KafkaBus;
import io.solstice.kafka.broker.KraftBroker;
import io.solstice.testkit.Await;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault harness for the bus: the platform's services consume from a real Kafka broker (KRaft,
 * a child JVM), which is stopped in order, then killed with SIGKILL, and each time started again on
 * its log directory and port. Orders are taken while it is away (checkout writes to the store, not
 * to Kafka), and once it is back the publisher and the consumer groups catch up by themselves: every
 * order reaches {@code released} with one confirmation mail, and nothing is parked.
 */
class KafkaBrokerOutageTest {

  @Test
  void ordersTakenWhileTheBrokerIsStoppedOrKilledCatchUpWhenItIsBack(@TempDir Path dir) {
    try (KraftBroker broker = KraftBroker.start(dir.resolve("broker"))) {
      KafkaBus bus = KafkaBus.parse("kafka://" + broker.bootstrapServers(), "outage" + ProcessHandle.current().pid(), 4);
      try (TestServer server = TestServer.start(dir.resolve("data"), b -> b.bus(bus))) {
        Await.until("the platform is ready on the bus", () -> server.get("/health/ready", null).status() == 200, FaultHarnessTest.CATCH_UP);
        TestServer.Tenant t = server.tenant("EUR");
        server.product(t, FaultHarnessTest.SKU, "20.00", 1_000);
        List<String> orders = new ArrayList<>(FaultHarnessTest.place(server, t, "before", 3));
        FaultHarnessTest.awaitReleased(server, t, orders);

        broker.stop();
        List<String> whileStopped = FaultHarnessTest.place(server, t, "stopped", 3);
        assertThat(whileStopped).allSatisfy(o -> assertThat(server.status(t, o)).isEqualTo("placed"));
        orders.addAll(whileStopped);
        broker.restart();
        FaultHarnessTest.awaitReleased(server, t, orders);

        broker.kill();
        orders.addAll(FaultHarnessTest.place(server, t, "killed", 3));
        broker.restart();
        FaultHarnessTest.awaitReleased(server, t, orders);

        FaultHarnessTest.assertOneConfirmationMailEach(server, orders);
        FaultHarnessTest.assertNothingParked(server);
      }
    }
  }
}
