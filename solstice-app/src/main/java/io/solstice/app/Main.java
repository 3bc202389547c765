package io.solstice.app;

import io.solstice.app.cli.SolsticeCli;

/**
 * The entry point of the {@code solstice} command ({@code bin/solstice} runs this class). Parses the
 * arguments with {@link SolsticeCli}, runs the chosen subcommand and exits with its exit code: 0 on
 * success, 1 when the command failed, 2 on a usage error.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    int exitCode = SolsticeCli.run(args);
    System.exit(exitCode);
  }
}
