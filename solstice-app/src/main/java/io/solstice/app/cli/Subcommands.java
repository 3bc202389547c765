package io.solstice.app.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The built-in subcommands of {@code solstice}, in the order {@code --help} lists them.
 *
 * <p>To add one: write a picocli {@code @Command} class in its own package under {@code
 * io.solstice.app.cli} (e.g. {@code io.solstice.app.cli.tenants.TenantsCommand}) and replace its slot
 * comment below with one {@code commands.add(…)} line, fully qualified so no import changes. Slots
 * are separated by blank lines so that engineers adding different commands never conflict in a
 * merge. Commands from modules the app cannot depend on ({@code bench} from {@code solstice-bench})
 * come in through {@link CliExtension} instead, listed after these.
 */
final class Subcommands {

  private Subcommands() {}

  /** Built-in subcommand classes (or instances), in help order. */
  static List<Object> builtIn() {
    List<Object> commands = new ArrayList<>();

    commands.add(io.solstice.app.cli.serve.ServeCommand.class);

    commands.add(io.solstice.app.cli.demo.DemoCommand.class);

    commands.add(io.solstice.app.cli.simulate.SimulateCommand.class);

    commands.add(io.solstice.app.cli.store.StoreCommand.class);

    commands.add(io.solstice.app.cli.ProjectionsCommand.class);

    commands.add(io.solstice.app.cli.DlqCommand.class);

    // tenants

    commands.add(io.solstice.app.cli.analytics.AnalyticsCommand.class);

    return List.copyOf(commands);
  }
}
