package io.solstice.app.cli.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solstice.app.cli.StoreOptions;
import io.solstice.core.store.TenantEntry;
import io.solstice.store.sql.SqlEventStore;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code solstice store info}: where the store is, its head position, event count and tenants. */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    header = "Show the store's head position, event count and tenants.",
    description = {"", "Inspects an existing store: it never creates an SQLite file (a PostgreSQL schema is", "created or migrated if needed).", ""},
    footerHeading = "%nExamples:%n",
    footer = {
      "  solstice store info",
      "  solstice store info --data /var/lib/solstice --json",
      "  SOLSTICE_PG_URL=jdbc:postgresql://127.0.0.1:5432/solstice?user=postgres solstice store info --backend postgres"
    })
public final class StoreInfoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin StoreOptions store;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Override
  public Integer call() throws JsonProcessingException {
    Map<String, Object> info = new LinkedHashMap<>();
    try (SqlEventStore opened = store.openExisting()) {
      info.put("store", opened.config().describe());
      info.put("head_position", opened.headPosition());
      info.put("events", opened.countEvents());
      List<Map<String, Object>> tenants = new ArrayList<>();
      for (TenantEntry entry : opened.tenants().list()) {
        Map<String, Object> tenant = new LinkedHashMap<>();
        tenant.put("tenant", entry.tenant());
        tenant.put("placement", entry.placement().location());
        tenant.put("registered_at", entry.registeredAt().toString());
        tenants.add(tenant);
      }
      info.put("tenants", tenants);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(new ObjectMapper().writeValueAsString(info));
    } else {
      out.printf("store          %s%n", info.get("store"));
      out.printf("head position  %,d%n", (Long) info.get("head_position"));
      out.printf("events         %,d%n", (Long) info.get("events"));
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> tenants = (List<Map<String, Object>>) info.get("tenants");
      out.printf("tenants        %d%n", tenants.size());
      for (Map<String, Object> tenant : tenants) {
        out.printf("  %-40s %-10s registered %s%n", tenant.get("tenant"), tenant.get("placement"), tenant.get("registered_at"));
      }
    }
    out.flush();
    return 0;
  }
}
