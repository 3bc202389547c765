package io.solstice.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solstice.core.store.StoreUnavailableException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Fail-fast configuration and explaining errors. */
class SqlStoreConfigTest {

  @Test
  void aBadSettingIsRefusedNamingTheValue() {
    assertThatThrownBy(() -> SqlStoreConfig.sqlite(Path.of("x.db")).withPoolSize(0)).hasMessageContaining("poolSize").hasMessageContaining("0");
    assertThatThrownBy(() -> SqlStoreConfig.postgres("jdbc:mysql://h/db")).hasMessageContaining("jdbc:postgresql:");
    assertThatThrownBy(() -> SqlStoreConfig.postgres("jdbc:postgresql://h/db").withSchema("Bad-Schema")).hasMessageContaining("Bad-Schema");
    assertThatThrownBy(() -> SqlStoreConfig.sqlite(Path.of("x.db")).withMaxEventBytes(-1)).hasMessageContaining("-1");
  }

  @Test
  void passwordsNeverAppearInDescriptions() {
    SqlStoreConfig config = SqlStoreConfig.postgres("jdbc:postgresql://db:5432/shop?user=app&password=hunter2");

    assertThat(config.redactedUrl()).doesNotContain("hunter2").contains("user=app");
    assertThat(config.toString()).doesNotContain("hunter2");
  }

  @Test
  void anUnreachablePostgresFailsNamingTheUrlWithoutPasswordAndWhatToCheck() {
    SqlStoreConfig config = SqlStoreConfig.postgres("jdbc:postgresql://127.0.0.1:1/shop?user=app&password=hunter2")
        .withConnectionTimeout(Duration.ofSeconds(1));

    assertThatThrownBy(() -> SqlEventStore.open(config))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("127.0.0.1:1/shop")
        .hasMessageContaining("check that the server is running")
        .message().doesNotContain("hunter2");
  }
}
