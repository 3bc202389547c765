package io.solstice.app.cli.serve;

import io.solstice.app.cli.CommandFailedException;
import io.solstice.store.sql.SqlStoreConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The named stores a tenant may be placed in, read from the settings file's {@code store.*} keys:
 *
 * <pre>
 * store.eu-vip.url=jdbc:postgresql://db-eu:5432/vip?user=solstice   # a PostgreSQL database
 * store.eu-vip.schema=vip                                            # optional, default solstice_eu_vip
 * store.acme.url=jdbc:sqlite:stores/acme.db                          # an SQLite file (relative: in the data directory)
 * store.beta.url=/var/lib/solstice/beta.db                           # a plain path is an SQLite file too
 * </pre>
 *
 * A name is 1–40 characters of {@code [a-z0-9_-]} ({@code pooled} is the shared store). The same
 * prefix also holds the options of {@code solstice store} and its subcommands ({@code store.data},
 * {@code store.backup.to}); those are left alone. Any other key ({@code store.acme.uri}) is refused,
 * naming it, as is a schema without a URL.
 */
final class DedicatedStores {
  private static final String PREFIX = "store.";

  private DedicatedStores() {}

  /**
   * The stores declared by {@code entries} (the settings file's keys under {@code store.}, without
   * the prefix), relative SQLite paths resolved in {@code dataDirectory}; in name order.
   *
   * @param subcommands the subcommands of {@code solstice store}, whose options share the prefix
   * @throws CommandFailedException naming the key when an entry is malformed
   */
  static Map<String, SqlStoreConfig> parse(Map<String, String> entries, Set<String> subcommands, Path dataDirectory) {
    Map<String, String> urls = new TreeMap<>();
    Map<String, String> schemas = new TreeMap<>();
    entries.forEach((key, value) -> {
      int dot = key.lastIndexOf('.');
      String name = dot < 0 ? "" : key.substring(0, dot);
      String field = key.substring(dot + 1);
      switch (field) {
        case "url" -> urls.put(name, value.strip());
        case "schema" -> schemas.put(name, value.strip());
        default -> {
          if (dot < 0 || subcommands.contains(key.substring(0, key.indexOf('.')))) {
            return; // an option of solstice store or of one of its subcommands
          }
          throw new CommandFailedException("unknown setting " + PREFIX + key + " in the settings file: a named store takes "
            + PREFIX + "NAME.url (a jdbc:postgresql: or jdbc:sqlite: URL, or an SQLite file) and optionally " + PREFIX + "NAME.schema");
        }
      }
    });
    schemas.keySet().stream().filter(name -> !urls.containsKey(name)).findFirst().ifPresent(name -> {
      throw new CommandFailedException(PREFIX + name + ".schema is set but " + PREFIX + name + ".url is not; declare the store's URL");
    });
    Map<String, SqlStoreConfig> stores = new LinkedHashMap<>();
    urls.forEach((name, url) -> stores.put(name, config(name, url, schemas.get(name), dataDirectory)));
    return stores;
  }

  private static SqlStoreConfig config(String name, String url, String schema, Path dataDirectory) {
    String key = PREFIX + name + ".url";
    if (url.isEmpty()) {
      throw new CommandFailedException(key + " is empty; give a jdbc:postgresql: URL, a jdbc:sqlite: URL or an SQLite file");
    }
    try {
      if (url.startsWith("jdbc:postgresql:")) {
        return SqlStoreConfig.postgres(url).withSchema(schema != null ? schema : "solstice_" + name.replace('-', '_'));
      }
      if (schema != null) {
        throw new CommandFailedException(PREFIX + name + ".schema applies to PostgreSQL only; " + key + " is an SQLite store");
      }
      if (url.startsWith("jdbc:") && !url.startsWith("jdbc:sqlite:")) {
        throw new CommandFailedException(key + " must be a jdbc:postgresql: URL, a jdbc:sqlite: URL or an SQLite file, was " + url);
      }
      String path = url.startsWith("jdbc:sqlite:") ? url.substring("jdbc:sqlite:".length()) : url;
      if (path.isEmpty() || path.startsWith(":memory:") || path.contains("?")) {
        throw new CommandFailedException(key + " must name an SQLite file (no :memory:, no URL parameters), was " + url);
      }
      return SqlStoreConfig.sqlite(dataDirectory.resolve(path).toAbsolutePath().normalize());
    } catch (IllegalArgumentException e) {
      throw new CommandFailedException(key + ": " + e.getMessage(), e);
    }
  }
}
