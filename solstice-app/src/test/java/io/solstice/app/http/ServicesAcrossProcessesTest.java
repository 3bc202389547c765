package io.solstice.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.solstice.commerce.CommerceServices;
import io.solstice.store.sql.SqlStoreConfig;
import io.solstice.testkit.Await;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /admin/services} lists every running instance of every service, whichever process
 * runs it: two platforms share one store, one runs the notification service and the other every
 * other service, and each lists both (from the heartbeats in the store's instance registry). A
 * platform that stops drops out.
 */
class ServicesAcrossProcessesTest {

  @Test
  void eachProcessListsTheServicesOfBoth(@TempDir Path first, @TempDir Path second) {
    Set<String> allButMail = new HashSet<>(CommerceServices.NAMES);
    allButMail.remove("notification");
    try (TestServer main = TestServer.start(first, b -> b.services(allButMail))) {
      TestServer mail = TestServer.start(second, b -> b.store(SqlStoreConfig.sqlite(first.resolve("solstice.db"))).services("notification"));
      try {
        Await.until("the main process lists the other process's notification service", () -> rows(main).stream()
            .anyMatch(i -> i.path("service").asText().equals("notification") && !i.path("local").asBoolean()));
        List<JsonNode> seenByMain = rows(main);
        JsonNode notification = seenByMain.stream().filter(i -> i.path("service").asText().equals("notification")).findFirst().orElseThrow();
        assertThat(notification.path("state").asText()).isEqualTo("RUNNING");
        assertThat(notification.path("role").asText()).isEqualTo("active");
        assertThat(notification.path("heartbeat").asText()).isNotEmpty();
        assertThat(notification.path("stats").isObject()).isTrue();
        JsonNode payment = seenByMain.stream().filter(i -> i.path("service").asText().equals("payment")).findFirst().orElseThrow();
        assertThat(payment.path("local").asBoolean()).isTrue();
        assertThat(payment.path("instance").asText()).isNotEqualTo(notification.path("instance").asText());
        assertThat(seenByMain.stream().map(i -> i.path("service").asText()).distinct()).containsExactlyInAnyOrderElementsOf(CommerceServices.NAMES);

        Await.until("the mail process lists the main process's services too", () -> rows(mail).stream()
            .filter(i -> !i.path("local").asBoolean()).map(i -> i.path("service").asText()).toList().containsAll(allButMail));
      } finally {
        mail.close();
      }
      Await.until("a stopped process drops out", () -> rows(main).stream().noneMatch(i -> i.path("service").asText().equals("notification")));
    }
  }

  private static List<JsonNode> rows(TestServer server) {
    List<JsonNode> out = new ArrayList<>();
    server.get("/admin/services", TestServer.ADMIN_KEY).json().path("instances").forEach(out::add);
    return out;
  }
}
