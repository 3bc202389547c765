package io.solstice.app.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solstice.app.Platform;
import io.solstice.app.ServerFile;
import io.solstice.app.StartupException;
import io.solstice.store.sql.SqlStoreConfig;
import io.solstice.testkit.RequiresPostgres;
import io.solstice.testkit.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several processes on one PostgreSQL store: what they must agree on (the key pepper), what only
 * one of them may run (analytics), and the files each keeps for itself.
 */
@RequiresPostgres
class SharedStoreProcessesTest {
  private static final String ADMIN_KEY = "shared-store-admin-key-0123456789";
  private static final String PEPPER = Base64.getEncoder().encodeToString("the first process's pepper, 32 bytes".getBytes());
  private static final String OTHER_PEPPER = Base64.getEncoder().encodeToString("another process's own pepper, 32 b".getBytes());

  @TempDir Path first;
  @TempDir Path second;
  private final String schema = "t_shared_" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 100_000;

  @AfterEach
  void dropSchema() throws Exception {
    try (Connection c = TestPostgres.connect(); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  private Platform.Builder config(Path data, String pepper, Set<String> services) {
    return Platform.Config.builder(data).store(SqlStoreConfig.postgres(TestPostgres.url()).withSchema(schema).withPoolSize(4))
        .host("127.0.0.1").port(0).services(services).adminKey(ADMIN_KEY).keyPepper(pepper).stopTimeout(Duration.ofSeconds(2));
  }

  @Test
  void aProcessWhosePepperDiffersFromTheStoresRefusesToStartAndSaysWhatToSet() {
    try (Platform running = Platform.start(config(first, PEPPER, Set.of()).build())) {
      assertThatThrownBy(() -> Platform.start(config(second, OTHER_PEPPER, Set.of()).build()))
          .isInstanceOf(StartupException.class)
          .hasMessageContaining("pepper").hasMessageContaining("SOLSTICE_KEY_PEPPER");
      assertThat(running.api().tenancy().isAdminKey(ADMIN_KEY)).as("the admin key still works on the first process").isTrue();
    }
  }

  @Test
  void aProcessWithTheSamePepperStartsBesideTheFirst() {
    try (Platform a = Platform.start(config(first, PEPPER, Set.of()).build());
        Platform b = Platform.start(config(second, PEPPER, Set.of()).build())) {
      assertThat(b.api().tenancy().isAdminKey(ADMIN_KEY)).isTrue();
    }
  }

  @Test
  void aSecondAnalyticsInstanceIsRefusedNamingWhereAnalyticsRuns() {
    try (Platform analytics = Platform.start(config(first, PEPPER, Set.of("analytics")).build())) {
      assertThatThrownBy(() -> Platform.start(config(second, PEPPER, Set.of("analytics")).build()))
          .isInstanceOf(StartupException.class)
          .hasMessageContaining("analytics already runs in instance " + analytics.instanceId())
          .hasMessageContaining("--services");
    }
  }

  @Test
  void processesSharingADataDirectoryKeepOneServerFileEach() throws Exception {
    try (Platform a = Platform.start(config(first, PEPPER, Set.of("fraud")).build());
        Platform b = Platform.start(config(first, PEPPER, Set.of("analytics")).build())) {
      try (Stream<Path> files = Files.list(first.resolve(ServerFile.INSTANCES_DIRECTORY))) {
        assertThat(files.map(p -> p.getFileName().toString()).toList())
            .containsExactlyInAnyOrder(a.instanceId() + ".json", b.instanceId() + ".json");
      }
      assertThat(ServerFile.readLiveRunning(first, "analytics").orElseThrow().url().getPort()).isEqualTo(b.port());
    }
    assertThat(first.resolve(ServerFile.INSTANCES_DIRECTORY)).isEmptyDirectory();
  }

  @Test
  void theInstanceRegistryListsEveryProcessWithItsServicesAndRoles() throws Exception {
    try (Platform a = Platform.start(config(first, PEPPER, Set.of("fraud")).build());
        Platform b = Platform.start(config(second, PEPPER, Set.of("fraud")).build())) {
      io.solstice.testkit.Await.until("both instances registered with one active fraud", () -> {
        var live = a.store().instances().live(Duration.ofSeconds(10));
        return live.size() == 2 && live.stream().filter(i -> i.status().contains("\"role\":\"active\"")).count() == 1;
      }, Duration.ofSeconds(30));
      List<String> ids = a.store().instances().live(Duration.ofSeconds(10)).stream().map(i -> i.instanceId()).toList();
      assertThat(ids).containsExactlyInAnyOrder(a.instanceId(), b.instanceId());
    }
  }
}
