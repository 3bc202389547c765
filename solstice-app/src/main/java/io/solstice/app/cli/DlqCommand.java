package io.solstice.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solstice.app.ops.DeadLetterRows;
import io.solstice.core.store.DeadLetter;
import io.solstice.core.store.DeadLetterStore;
import io.solstice.store.sql.SqlEventStore;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code solstice dlq}: show and replay dead letters (inputs a service parked after its retries).
 *
 * <p>Both subcommands open the store of the data directory directly, so they work whether or not a
 * server runs on it. {@code replay} marks letters {@code REPLAY_REQUESTED}; a running service picks
 * them up within seconds, a stopped one when it next starts, handles the event again and marks the
 * letter {@code RESOLVED} (or parks it again if it still fails).
 */
@Command(
    name = "dlq",
    mixinStandardHelpOptions = true,
    header = "Show and replay dead letters.",
    synopsisSubcommandLabel = "COMMAND",
    commandListHeading = "%nCommands:%n",
    subcommands = {DlqCommand.ListCommand.class, DlqCommand.ReplayCommand.class},
    footerHeading = "%nExamples:%n",
    footer = {"  solstice dlq list", "  solstice dlq list --service payment --json", "  solstice dlq replay 17",
        "  solstice dlq replay --all --service notification"})
public final class DlqCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code solstice dlq list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, header = "List dead letters, oldest first.")
  public static final class ListCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin StoreOptions store;

    @Option(names = "--service", paramLabel = "NAME", description = "Only this service's letters.")
    String service;

    @Option(names = "--status", paramLabel = "STATUS", description = "Only letters with this status: ${COMPLETION-CANDIDATES} (default: all).")
    DeadLetter.Status status;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N letters (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print a JSON array instead of a table.")
    boolean json;

    @Override
    public Integer call() throws JsonProcessingException {
      if (limit < 1) {
        throw new CommandFailedException("--limit must be at least 1, was " + limit);
      }
      List<DeadLetter> letters;
      try (SqlEventStore opened = store.openExisting()) {
        letters = opened.deadLetters().list(service, status, limit);
      }
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (DeadLetter l : letters) {
          rows.add(DeadLetterRows.row(l));
        }
        out.println(new ObjectMapper().writeValueAsString(rows));
      } else if (letters.isEmpty()) {
        out.println("no dead letters" + (service == null ? "" : " for service " + service) + (status == null ? "" : " with status " + status));
      } else {
        out.println(String.format("%-6s %-20s %-16s %-40s %8s %-9s %-17s %s", "ID", "SERVICE", "STATUS", "STREAM", "VERSION", "ATTEMPTS", "TYPE", "ERROR"));
        for (DeadLetter l : letters) {
          out.println(String.format("%-6d %-20s %-16s %-40s %8d %-9d %-17s %s", l.id(), l.service(), l.status(), l.stream().canonical(),
              l.version(), l.attempts(), l.eventType(), l.error()));
        }
      }
      out.flush();
      return 0;
    }
  }

  /** {@code solstice dlq replay ID|--all}. */
  @Command(name = "replay", mixinStandardHelpOptions = true, header = "Ask the service to handle dead letters again.",
      description = {"", "Marks the letters REPLAY_REQUESTED. A running service handles them within seconds; a",
          "stopped one when it next starts. Success marks a letter RESOLVED; failure parks it again.", ""})
  public static final class ReplayCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin StoreOptions store;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static final class Which {
      @Parameters(paramLabel = "ID", description = "The dead letter's id (see dlq list).")
      Long id;

      @Option(names = "--all", description = "Every PARKED letter (of --service, if given).")
      boolean all;
    }

    @Option(names = "--service", paramLabel = "NAME", description = "With --all: only this service's letters.")
    String service;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (SqlEventStore opened = store.openExisting()) {
        DeadLetterStore letters = opened.deadLetters();
        if (which.id != null) {
          DeadLetter letter = letters.find(which.id).orElseThrow(() -> new CommandFailedException(
              "no dead letter " + which.id + " in " + store.describe() + "; list them with 'solstice dlq list'"));
          if (letter.status() == DeadLetter.Status.RESOLVED) {
            throw new CommandFailedException("dead letter " + letter.id() + " is already RESOLVED; nothing to replay");
          }
          letters.updateStatus(letter.id(), DeadLetter.Status.REPLAY_REQUESTED);
          out.println("dead letter " + letter.id() + " (" + letter.service() + ", " + letter.stream() + " version " + letter.version()
              + ") marked REPLAY_REQUESTED; the service handles it when it runs");
        } else {
          int n = 0;
          for (DeadLetter letter : letters.list(service, DeadLetter.Status.PARKED, Integer.MAX_VALUE)) {
            letters.updateStatus(letter.id(), DeadLetter.Status.REPLAY_REQUESTED);
            n++;
          }
          out.println(n + " dead letter" + (n == 1 ? "" : "s") + (service == null ? "" : " of " + service)
              + " marked REPLAY_REQUESTED; each service handles its own when it runs");
        }
      }
      out.flush();
      return 0;
    }
  }
}
