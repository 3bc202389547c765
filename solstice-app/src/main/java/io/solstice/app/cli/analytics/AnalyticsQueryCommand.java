package io.solstice.app.cli.analytics;

import io.solstice.app.ServerFile;
import io.solstice.app.cli.CommandFailedException;
import io.solstice.app.cli.StoreOptions;
import io.solstice.commerce.analytics.AnalyticsDatabase;
import io.solstice.commerce.analytics.AnalyticsLockedException;
import io.solstice.commerce.analytics.AnalyticsSettings;
import io.solstice.commerce.analytics.AnalyticsUnavailableException;
import io.solstice.commerce.analytics.QueryResult;
import io.solstice.commerce.shared.InvalidInputException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code solstice analytics query SQL}: runs one read-only statement on the analytics database.
 *
 * <p>DuckDB lets one process hold the file for writing (the server running the {@code analytics}
 * service), and then no other process may open it. So the command goes through that server when
 * one is known — {@code --url}, or a live server recorded in {@code DATA/server.json} — by POSTing
 * the SQL to its admin endpoint; otherwise it opens the file read-only itself.
 */
@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    header = "Run one read-only SQL statement on the analytics database.",
    description = {
      "",
      "Tables: orders, order_lines; view: sales_by_hour (see docs/analytics.md).",
      "Accepted: SELECT, WITH, EXPLAIN, DESCRIBE, SHOW, SUMMARIZE and DuckDB's FROM-first SELECT;",
      "at most 10,000 rows come back (the output says when more were cut).",
      "",
      "Where it runs: through the server given by --url, or the live server recorded in",
      "DATA/server.json (POST /admin/analytics/query with the admin key); otherwise on the file",
      "DATA/analytics.duckdb directly, read-only. DuckDB allows one writing process, so a file held",
      "by a server can only be queried through it.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  solstice analytics query \"SELECT * FROM sales_by_hour WHERE tenant = 'acme' ORDER BY hour\"",
      "  solstice analytics query \"SUMMARIZE orders\" --data /var/lib/solstice",
      "  SOLSTICE_ADMIN_KEY=... solstice analytics query \"SELECT count(*) FROM orders\" --url http://127.0.0.1:8080",
      "  solstice analytics query \"SELECT * FROM order_lines\" --format csv > lines.csv"
    })
public final class AnalyticsQueryCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin StoreOptions store;

  @Parameters(index = "0", paramLabel = "SQL", description = "One read-only statement, e.g. \"SELECT * FROM sales_by_hour LIMIT 10\".")
  String sql;

  @Option(names = "--url", paramLabel = "URL",
      description = "Base URL of the server holding the analytics database, e.g. http://127.0.0.1:8080 (env SOLSTICE_URL). "
          + "Default: the live server in DATA/server.json, else the file directly.")
  URI url;

  @Option(names = "--admin-key", paramLabel = "KEY", description = "The admin key for the server (env SOLSTICE_ADMIN_KEY).")
  String adminKey;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  ResultPrinter.Format format;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT2M",
      description = "How long to wait for a server's answer, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() throws InterruptedException {
    Path data = store.dataDirectory();
    QueryResult result;
    if (url != null) {
      result = throughServer(url, "--url");
    } else {
      Optional<ServerFile> server = ServerFile.readLiveRunning(data, "analytics").or(() -> ServerFile.readLive(data));
      result = server.isPresent() ? throughServerOrFile(server.get(), data) : onFile(data, null);
    }
    ResultPrinter.print(result, format, spec.commandLine().getOut());
    if (result.truncated() && format != ResultPrinter.Format.table) {
      spec.commandLine().getErr().println("solstice analytics query: the result was cut at the row limit; add a LIMIT, a WHERE or an aggregate");
      spec.commandLine().getErr().flush();
    }
    return 0;
  }

  private QueryResult throughServerOrFile(ServerFile server, Path data) throws InterruptedException {
    try {
      return client(server.url(), ServerFile.in(data) + " (url " + server.url() + ")").query(sql);
    } catch (AdminQueryClient.Unreachable e) {
      // The recorded server does not answer: it may have died without removing the file.
      return onFile(data, "the server recorded in " + ServerFile.in(data) + " does not answer at " + server.url());
    }
  }

  private QueryResult throughServer(URI base, String source) throws InterruptedException {
    try {
      return client(base, source).query(sql);
    } catch (AdminQueryClient.Unreachable e) {
      throw new CommandFailedException(e.getMessage() + "; check --url (is the server running?), or leave --url out to query the file "
          + AnalyticsDatabase.fileIn(store.dataDirectory()) + " directly when no server holds it");
    }
  }

  private AdminQueryClient client(URI base, String source) {
    if (adminKey == null || adminKey.isBlank()) {
      throw new CommandFailedException("querying through the server at " + base + " (from " + source
          + ") needs the admin key: pass --admin-key KEY or set SOLSTICE_ADMIN_KEY");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new CommandFailedException("--timeout must be positive, was " + timeout);
    }
    return new AdminQueryClient(base, adminKey.strip(), timeout);
  }

  private QueryResult onFile(Path data, String why) {
    Path file = AnalyticsDatabase.fileIn(data);
    try (AnalyticsDatabase db = AnalyticsDatabase.openReadOnly(file, AnalyticsSettings.defaults().withMemoryLimit("1GB"))) {
      return db.analytics().query(sql);
    } catch (AnalyticsLockedException e) {
      throw new CommandFailedException("cannot open " + file + ": another process holds it (DuckDB allows one writing process) and "
          + (why == null ? "no server is recorded in " + ServerFile.in(data) : why) + ". Query through the server that holds it: "
          + "solstice analytics query SQL --url http://HOST:PORT --admin-key KEY; or stop that process and run the command again. "
          + "(DuckDB: " + e.getCause().getMessage() + ")");
    } catch (AnalyticsUnavailableException e) {
      throw new CommandFailedException(e.getMessage() + (why == null ? "" : "; also, " + why));
    } catch (InvalidInputException e) {
      throw new CommandFailedException(e.fields().getOrDefault("sql", e.getMessage()));
    }
  }
}
