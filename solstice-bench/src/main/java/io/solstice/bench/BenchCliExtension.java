package io.solstice.bench;

import io.solstice.app.cli.CliExtension;

/**
 * Contributes {@code solstice bench} to the command line (listed in {@code
 * META-INF/services/io.solstice.app.cli.CliExtension}), since the app may not depend on this module.
 */
public final class BenchCliExtension implements CliExtension {

  @Override
  public Object command() {
    return new BenchCommand();
  }
}
