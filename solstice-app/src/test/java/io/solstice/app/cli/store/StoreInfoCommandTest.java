package io.solstice.app.cli.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solstice.app.cli.SolsticeCli;
import io.solstice.app.cli.StoreOptions;
import io.solstice.core.EventData;
import io.solstice.core.StreamName;
import io.solstice.core.store.ExpectedVersion;
import io.solstice.core.store.TenantPlacement;
import io.solstice.store.sql.SqlEventStore;
import io.solstice.store.sql.SqlStoreConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreInfoCommandTest {

  @TempDir Path data;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int solstice(String... args) {
    return SolsticeCli.run(args, Map.of(), new PrintWriter(out), new PrintWriter(err));
  }

  private static EventData event(String type) {
    return EventData.of(type, "{}".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void reportsHeadPositionEventCountAndTenantsOfAnSqliteStore() throws Exception {
    try (SqlEventStore store = SqlEventStore.open(SqlStoreConfig.sqlite(data.resolve(StoreOptions.SQLITE_FILE_NAME)))) {
      store.tenants().register("acme", TenantPlacement.POOLED_STORE);
      store.tenants().register("globex", TenantPlacement.POOLED_STORE);
      store.append(StreamName.of("acme", "Order", "1"), ExpectedVersion.NO_STREAM, List.of(event("Placed"), event("Paid")));
      store.append(StreamName.of("globex", "Order", "9"), ExpectedVersion.NO_STREAM, List.of(event("Placed")));
    }

    int exitCode = solstice("store", "info", "--data", data.toString(), "--json");

    assertThat(exitCode).as(err.toString()).isZero();
    JsonNode info = new ObjectMapper().readTree(out.toString());
    assertThat(info.get("head_position").asLong()).isEqualTo(3);
    assertThat(info.get("events").asLong()).isEqualTo(3);
    assertThat(info.get("tenants").findValuesAsText("tenant")).containsExactly("acme", "globex");
  }

  @Test
  void refusesToCreateAStoreWhereThereIsNone() {
    int exitCode = solstice("store", "info", "--data", data.resolve("empty").toString());

    assertThat(exitCode).isEqualTo(1);
    assertThat(err.toString()).contains("no store at", "--data");
    assertThat(data.resolve("empty")).doesNotExist();
  }
}
