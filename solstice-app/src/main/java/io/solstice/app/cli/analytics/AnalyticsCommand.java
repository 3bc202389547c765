package io.solstice.app.cli.analytics;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code solstice analytics}: the analytics database (orders and sales in DuckDB). */
@Command(
    name = "analytics",
    mixinStandardHelpOptions = true,
    header = "Query the analytics database (orders, order lines and sales in DuckDB).",
    synopsisSubcommandLabel = "COMMAND",
    commandListHeading = "%nCommands:%n",
    subcommands = {AnalyticsQueryCommand.class},
    footerHeading = "%nExamples:%n",
    footer = {
      "  solstice analytics query \"SELECT * FROM sales_by_hour ORDER BY hour DESC LIMIT 24\"",
      "  solstice analytics query \"SELECT tenant, sum(revenue) FROM sales_by_hour GROUP BY tenant\" --format csv"
    })
public final class AnalyticsCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
