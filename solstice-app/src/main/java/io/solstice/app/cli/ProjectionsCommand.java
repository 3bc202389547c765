package io.solstice.app.cli;

import io.solstice.commerce.Categories;
import io.solstice.commerce.readmodel.ReadModel;
import io.solstice.commerce.readmodel.ReadModelRebuild;
import io.solstice.store.sql.SqlEventStore;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code solstice projections}: the read models ({@code products}, {@code orders}) kept by the
 * {@code projections} service — their progress ({@code list}) and rebuilding one from the log
 * ({@code rebuild NAME}).
 */
@Command(
    name = "projections",
    mixinStandardHelpOptions = true,
    header = "Inspect and rebuild the read models (products, orders).",
    description = {
      "",
      "Read models are SQL tables in the store's database kept by the 'projections' service:",
      "  products  catalog listing with stock levels (rm_products, rm_stock_holds)",
      "  orders    order summaries and history (rm_orders, rm_order_history)",
      ""
    },
    synopsisSubcommandLabel = "COMMAND",
    commandListHeading = "%nCommands:%n",
    subcommands = {ProjectionsCommand.ListCommand.class, ProjectionsCommand.RebuildCommand.class},
    footerHeading = "%nExamples:%n",
    footer = {"  solstice projections list --data ./data", "  solstice projections rebuild orders --tenant acme", "  solstice projections rebuild all"})
public final class ProjectionsCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code solstice projections list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      header = "Show each read model's position and lag per tenant.",
      description = {
        "",
        "POSITION is the 'projections' service's stored checkpoint (the lowest of the read model's",
        "categories; it trails the live tables by up to the checkpoint interval), LAG the events of",
        "those categories past it (counted up to 100,000), ROWS the main table's rows.",
        ""
      })
  static final class ListCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin StoreOptions store;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (SqlEventStore opened = store.openExisting()) {
        List<ReadModelRebuild.Status> statuses = rebuilder(opened).status();
        out.printf("%-10s %-24s %12s %10s %10s%n", "NAME", "TENANT", "POSITION", "LAG", "ROWS");
        for (ReadModelRebuild.Status s : statuses) {
          out.printf("%-10s %-24s %,12d %,10d %,10d%n", s.model().modelName(), s.tenant(), s.position(), s.lag(), s.rows());
        }
        out.printf("head position %,d%n", opened.headPosition());
      }
      out.flush();
      return 0;
    }
  }

  /** {@code solstice projections rebuild NAME}. */
  @Command(
      name = "rebuild",
      mixinStandardHelpOptions = true,
      header = "Rebuild a read model from the event log.",
      description = {
        "",
        "NAME: products, orders or all. Replays the log into shadow tables, then, in one short",
        "transaction, catches up with the events appended meanwhile and replaces the live rows (of",
        "--tenant, or all) by the rebuilt ones; finally sets the service's checkpoints to the",
        "positions reached.",
        "",
        "Safe while a server runs: its projection's writes wait for the swap's lock and skip the",
        "events the rebuild already applied (each row records the last position applied). On SQLite",
        "the swap also briefly holds off the server's appends (one writer per database).",
        "Run one rebuild of a read model at a time.",
        ""
      },
      footerHeading = "%nExamples:%n",
      footer = {"  solstice projections rebuild products --data ./data", "  solstice projections rebuild all --tenant acme"})
  static final class RebuildCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin StoreOptions store;

    @Parameters(index = "0", paramLabel = "NAME", description = "products, orders or all.")
    String name;

    @Option(names = "--tenant", paramLabel = "TENANT", description = "Rebuild only this tenant's rows (default: every tenant).")
    String tenant;

    @Override
    public Integer call() {
      List<ReadModel> models = models(name);
      PrintWriter out = spec.commandLine().getOut();
      try (SqlEventStore opened = store.openExisting()) {
        ReadModelRebuild rebuild = rebuilder(opened);
        for (ReadModel model : models) {
          out.printf("rebuilding %s%s from %s%n", model.modelName(), tenant == null ? "" : " of " + tenant, opened.config().describe());
          out.flush();
          ReadModelRebuild.Result result;
          try {
            result = rebuild.rebuild(model, tenant, (m, t, category, phase, events, position, head) -> {
              out.printf("  %-7s %-24s %-8s %,10d events  position %,d of %,d%n", phase, t, category, events, position, head);
              out.flush();
            });
          } catch (IllegalArgumentException e) {
            throw new CommandFailedException(e.getMessage(), e);
          }
          out.printf("rebuilt %s: %,d events replayed, %,d rows, up to position %,d, in %d ms%n", model.modelName(),
              result.events(), result.rows(), result.position(), result.took().toMillis());
        }
      }
      out.flush();
      return 0;
    }

    private static List<ReadModel> models(String name) {
      if (name.equals("all")) {
        return Arrays.asList(ReadModel.values());
      }
      try {
        return List.of(ReadModel.named(name));
      } catch (IllegalArgumentException e) {
        throw new CommandFailedException(e.getMessage() + " or all; e.g. solstice projections rebuild orders", e);
      }
    }
  }

  private static ReadModelRebuild rebuilder(SqlEventStore store) {
    return new ReadModelRebuild(Categories.on(store), store, store.dataSource(), store.checkpoints());
  }
}
