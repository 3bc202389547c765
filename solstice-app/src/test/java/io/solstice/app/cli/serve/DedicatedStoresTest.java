package io.solstice.app.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solstice.app.Platform;
import io.solstice.app.cli.CommandFailedException;
import io.solstice.app.cli.SolsticeCli;
import io.solstice.store.sql.SqlDialect;
import io.solstice.store.sql.SqlStoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DedicatedStoresTest {
  private static final Path DATA = Path.of("/var/lib/solstice");
  private static final Set<String> STORE_SUBCOMMANDS = Set.of("info", "backup", "restore");

  private static Map<String, SqlStoreConfig> parse(Map<String, String> entries) {
    return DedicatedStores.parse(entries, STORE_SUBCOMMANDS, DATA);
  }

  @Test
  void aPostgresUrlNamesADatabaseWithASchemaNamedAfterTheStoreByDefault() {
    SqlStoreConfig eu = parse(Map.of("eu-vip.url", "jdbc:postgresql://db:5432/vip?user=s")).get("eu-vip");
    assertThat(eu.dialect()).isEqualTo(SqlDialect.POSTGRES);
    assertThat(eu.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/vip?user=s");
    assertThat(eu.schema()).isEqualTo("solstice_eu_vip");
  }

  @Test
  void aSchemaSettingPlacesThePostgresStoreInThatSchema() {
    assertThat(parse(Map.of("eu.url", "jdbc:postgresql://db/x", "eu.schema", "brand_eu")).get("eu").schema()).isEqualTo("brand_eu");
  }

  @Test
  void anSqliteUrlOrPlainPathIsAFileAndARelativeOneLivesInTheDataDirectory() {
    Map<String, SqlStoreConfig> stores = parse(Map.of("a.url", "jdbc:sqlite:stores/a.db", "b.url", "/srv/b.db"));
    assertThat(stores.get("a").file()).isEqualTo(DATA.resolve("stores/a.db"));
    assertThat(stores.get("b").file()).isEqualTo(Path.of("/srv/b.db"));
  }

  @Test
  void optionsOfTheStoreCommandShareThePrefixAndAreLeftAlone() {
    assertThat(parse(Map.of("data", "/x", "backup.to", "/b.tar", "vip.url", "jdbc:sqlite:v.db"))).containsOnlyKeys("vip");
  }

  @Test
  void anUnknownKeyIsRefusedNamingIt() {
    assertThatThrownBy(() -> parse(Map.of("vip.uri", "jdbc:sqlite:v.db"))).isInstanceOf(CommandFailedException.class)
        .hasMessageContaining("store.vip.uri").hasMessageContaining("store.NAME.url");
  }

  @Test
  void aSchemaWithoutAUrlIsRefused() {
    assertThatThrownBy(() -> parse(Map.of("vip.schema", "v"))).hasMessageContaining("store.vip.url is not");
  }

  @Test
  void aSchemaForAnSqliteStoreIsRefused() {
    assertThatThrownBy(() -> parse(Map.of("vip.url", "v.db", "vip.schema", "v"))).hasMessageContaining("PostgreSQL only");
  }

  @Test
  void anotherKindOfDatabaseIsRefused() {
    assertThatThrownBy(() -> parse(Map.of("vip.url", "jdbc:mysql://db/x"))).hasMessageContaining("store.vip.url must be");
  }

  @Test
  void anInvalidStoreNameIsRefusedByThePlatform() {
    Platform.Builder builder = Platform.Config.builder(DATA);
    assertThatThrownBy(() -> builder.dedicatedStore("Pooled", SqlStoreConfig.sqlite(DATA.resolve("p.db"))))
        .hasMessageContaining("store name 'Pooled' is invalid");
  }

  @Test
  void aStoreInThePooledStoresPlaceIsRefused() {
    Platform.Builder builder = Platform.Config.builder(DATA).dedicatedStore("vip", SqlStoreConfig.sqlite(DATA.resolve("solstice.db")));
    assertThatThrownBy(builder::build).hasMessageContaining("store vip").hasMessageContaining("same place as the pooled store");
  }

  @Test
  void serveReadsTheNamedStoresFromTheSettingsFile(@TempDir Path dir) throws IOException {
    Path settings = Files.writeString(dir.resolve("solstice.properties"), "store.vip.url=jdbc:sqlite:stores/vip.db\nstore.backup.to=/tmp/b\n");
    CommandLine cli = SolsticeCli.create(Map.of(), "--config", settings.toString());
    CommandLine.ParseResult parsed = cli.parseArgs("--config", settings.toString(), "serve", "--data", dir.toString());
    ServeCommand serve = (ServeCommand) parsed.subcommand().commandSpec().userObject();

    assertThat(serve.config().dedicatedStores()).containsOnlyKeys("vip");
    assertThat(serve.config().dedicatedStores().get("vip").file()).isEqualTo(dir.resolve("stores/vip.db").toAbsolutePath());
  }
}
