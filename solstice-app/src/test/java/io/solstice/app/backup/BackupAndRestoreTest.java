package io.solstice.app.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.app.Platform;
import io.solstice.app.Secrets;
import io.solstice.app.cli.SolsticeCli;
import io.solstice.commerce.Categories;
import io.solstice.commerce.analytics.AnalyticsService;
import io.solstice.commerce.inventory.Inventory;
import io.solstice.commerce.readmodel.ProjectionProgress;
import io.solstice.commerce.readmodel.ReadModels;
import io.solstice.commerce.readmodel.SqlReadModels;
import io.solstice.commerce.tenancy.ApiKeys;
import io.solstice.commerce.tenancy.Tenancy;
import io.solstice.core.store.CheckpointKey;
import io.solstice.core.store.TenantPlacement;
import io.solstice.store.sql.SqlEventStore;
import io.solstice.store.sql.SqlStoreConfig;
import io.solstice.testkit.Await;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupAndRestoreTest {
  private static final String TENANT = "acme";
  private static final List<String> SKUS = List.of("TEE", "MUG", "CAP", "SOCKS");

  @TempDir Path temp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int solstice(String... args) {
    return SolsticeCli.run(args, Map.of(), new PrintWriter(out), new PrintWriter(err));
  }

  @Test
  void aBackupTakenUnderLoadRestoresEveryEventAcknowledgedBeforeItTheKeysWorkAndReadModelsRebuildToMatch() throws Exception {
    Path data = temp.resolve("data");
    Path backup = temp.resolve("backups/solstice.zip");
    Path restored = temp.resolve("restored");
    Map<String, Long> onHandAcknowledgedBeforeBackup = new ConcurrentHashMap<>();
    AtomicLong backupStartedAt = new AtomicLong(Long.MAX_VALUE);
    AtomicLong acknowledged = new AtomicLong();
    AtomicReference<Throwable> writerFailure = new AtomicReference<>();
    String apiKey;
    Platform.Config config = Platform.Config.builder(data).host("127.0.0.1").port(0).services(Set.of("projections"))
        .adminKey("backup-test-admin-key-0123456789").stopTimeout(Duration.ofSeconds(2)).pollWait(Duration.ofMillis(50)).build();
    try (Platform platform = Platform.start(config)) {
      apiKey = platform.api().tenancy().provision(TENANT, "Acme", "EUR").apiKey();
      for (String sku : SKUS) {
        platform.api().catalog().put(TENANT, "EUR", sku, "Product " + sku, "", new BigDecimal("9.99"));
      }
      Inventory inventory = platform.api().inventory();
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> writers = new ArrayList<>();
      for (String sku : SKUS) {
        // one writer per SKU: the load contends for the store, not for a stream
        writers.add(Thread.ofVirtual().start(() -> {
          try {
            while (!stop.get()) {
              long onHand = inventory.adjust(TENANT, sku, 1, "load").onHand();
              if (System.nanoTime() < backupStartedAt.get()) {
                onHandAcknowledgedBeforeBackup.merge(sku, onHand, Math::max);
              }
              acknowledged.incrementAndGet();
            }
          } catch (RuntimeException e) {
            writerFailure.set(e);
          }
        }));
      }
      Await.until("200 adjustments acknowledged before the backup", () -> acknowledged.get() >= 200 || writerFailure.get() != null);

      backupStartedAt.set(System.nanoTime());
      long acknowledgedAtStart = acknowledged.get();
      assertThat(solstice("store", "backup", "--data", data.toString(), "--to", backup.toString())).as(out + "\n" + err).isZero();
      Await.until("more adjustments acknowledged after the backup", () -> acknowledged.get() > acknowledgedAtStart + 50 || writerFailure.get() != null);
      stop.set(true);
      for (Thread t : writers) {
        t.join();
      }
    }
    assertThat(writerFailure.get()).isNull();
    assertThat(out.toString()).contains("backed up", "pepper   included");
    assertThat(Files.getPosixFilePermissions(backup)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    assertThat(solstice("store", "restore", "--from", backup.toString(), "--data", restored.toString())).as(out + "\n" + err).isZero();
    assertThat(out.toString()).contains("restored " + backup, "pepper   restored");
    assertThat(solstice("projections", "rebuild", "all", "--data", restored.toString())).as(out + "\n" + err).isZero();

    try (SqlEventStore store = SqlEventStore.open(SqlStoreConfig.sqlite(restored.resolve("solstice.db")))) {
      Categories categories = Categories.on(store);
      Inventory inventory = new Inventory(categories.stock(), categories.products());
      ReadModels readModels = new SqlReadModels(store.dataSource(), store, ProjectionProgress.create(store.checkpoints()));
      Map<String, Long> onHandInLog = new ConcurrentHashMap<>();
      for (String sku : SKUS) {
        long onHand = inventory.get(TENANT, sku).onHand();
        onHandInLog.put(sku, onHand);
        assertThat(onHand).as("%s: every adjustment acknowledged before the backup began is restored", sku)
            .isGreaterThanOrEqualTo(onHandAcknowledgedBeforeBackup.getOrDefault(sku, 0L));
      }
      assertThat(readModels.products(TENANT, null, 100)).as("the rebuilt read model matches the restored log")
          .allSatisfy(row -> assertThat(row.onHand()).as(row.sku()).isEqualTo(onHandInLog.get(row.sku())))
          .hasSize(SKUS.size());

      Tenancy tenancy = new Tenancy(store, categories.tenants(), new ApiKeys(Secrets.pepper(null, restored, ApiKeys::newPepper)),
          tenant -> TenantPlacement.POOLED_STORE);
      assertThat(tenancy.authenticate(apiKey)).as("the API key issued before the backup works on the restored store").isPresent();
    }
  }

  @Test
  void restoreClearsTheAnalyticsCheckpointsSoThatItsDatabaseIsRebuiltFromTheLog() {
    Path data = temp.resolve("data");
    try (SqlEventStore store = SqlEventStore.open(SqlStoreConfig.sqlite(data.resolve("solstice.db")))) {
      store.checkpoints().save(new CheckpointKey(AnalyticsService.NAME, TENANT, "Order"), 42);
      store.checkpoints().save(new CheckpointKey("notification", TENANT, "Order"), 42);
    }
    Path backup = temp.resolve("backup.zip");
    assertThat(solstice("store", "backup", "--data", data.toString(), "--to", backup.toString())).as(err.toString()).isZero();
    assertThat(out.toString()).contains("pepper   none in");

    assertThat(solstice("store", "restore", "--from", backup.toString(), "--data", temp.resolve("restored").toString())).as(err.toString()).isZero();

    try (SqlEventStore store = SqlEventStore.open(SqlStoreConfig.sqlite(temp.resolve("restored/solstice.db")))) {
      assertThat(store.checkpoints().list(AnalyticsService.NAME)).isEmpty();
      assertThat(store.checkpoints().load(new CheckpointKey("notification", TENANT, "Order"))).isEqualTo(42);
    }
  }

  @Test
  void restoreRefusesADataDirectoryThatHoldsAStoreAndChangesNothing() throws Exception {
    Path data = temp.resolve("data");
    SqlEventStore.open(SqlStoreConfig.sqlite(data.resolve("solstice.db"))).close();
    Path backup = temp.resolve("backup.zip");
    assertThat(solstice("store", "backup", "--data", data.toString(), "--to", backup.toString())).as(err.toString()).isZero();
    byte[] before = Files.readAllBytes(data.resolve("solstice.db"));

    assertThat(solstice("store", "restore", "--from", backup.toString(), "--data", data.toString())).isEqualTo(SolsticeCli.EXIT_FAILED);

    assertThat(err.toString()).contains(data.resolve("solstice.db") + " already exists", "new, empty data directory");
    assertThat(Files.readAllBytes(data.resolve("solstice.db"))).isEqualTo(before);
  }

  @Test
  void backupRefusesToOverwriteAFile() throws Exception {
    Path data = temp.resolve("data");
    SqlEventStore.open(SqlStoreConfig.sqlite(data.resolve("solstice.db"))).close();
    Path existing = Files.writeString(temp.resolve("backup.zip"), "keep me");

    assertThat(solstice("store", "backup", "--data", data.toString(), "--to", existing.toString())).isEqualTo(SolsticeCli.EXIT_FAILED);

    assertThat(err.toString()).contains(existing + " already exists");
    assertThat(existing).hasContent("keep me");
  }

  @Test
  void aDamagedBackupIsRefusedBeforeAnythingLandsInTheDataDirectory() throws Exception {
    Path data = temp.resolve("data");
    SqlEventStore.open(SqlStoreConfig.sqlite(data.resolve("solstice.db"))).close();
    Path backup = temp.resolve("backup.zip");
    assertThat(solstice("store", "backup", "--data", data.toString(), "--to", backup.toString())).as(err.toString()).isZero();
    byte[] bytes = Files.readAllBytes(backup);
    bytes[bytes.length / 2] ^= 0x5a;
    Files.write(backup, bytes);
    Path restored = temp.resolve("restored");

    assertThat(solstice("store", "restore", "--from", backup.toString(), "--data", restored.toString())).isEqualTo(SolsticeCli.EXIT_FAILED);

    assertThat(err.toString()).contains("store restore: ", backup.toString());
    assertThat(restored.resolve("solstice.db")).doesNotExist();
  }

  @Test
  void backupOfPostgresPointsToPgDump() {
    assertThat(solstice("store", "backup", "--backend", "postgres", "--to", temp.resolve("b.zip").toString())).isEqualTo(SolsticeCli.EXIT_FAILED);
    assertThat(err.toString()).contains("pg_dump", "DEPLOY.md");
  }
}
