package io.solstice.bench;

import io.solstice.app.cli.CliExtension;

/** Contributes {@code solstice broker} (a development Kafka broker), which needs the Kafka jars of this module. */
public final class BrokerCliExtension implements CliExtension {

  @Override
  public Object command() {
    return new BrokerCommand();
  }
}
