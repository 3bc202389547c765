package io.solstice.bench.chaos;

import io.solstice.app.cli.CliExtension;

/**
 * Contributes {@code solstice chaos} to the command line (listed in {@code
 * META-INF/services/io.solstice.app.cli.CliExtension}); it lives here, beside the benchmarks, since it
 * drives the platform from outside as child processes and the app may not depend on this module.
 */
public final class ChaosCliExtension implements CliExtension {

  @Override
  public Object command() {
    return new ChaosCommand();
  }
}
