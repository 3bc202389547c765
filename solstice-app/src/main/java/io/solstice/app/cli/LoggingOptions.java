package io.solstice.app.cli;

import io.solstice.app.ops.LogFormat;
import picocli.CommandLine.Option;

/**
 * {@code --log-format text|json} for commands that run the platform: {@code text} (the default)
 * keeps the human format on stderr; {@code json} writes one JSON object per line with the tenant,
 * service, stream, correlation id and trace id of each line, for log collectors.
 */
public final class LoggingOptions {

  @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
      description = "Log lines on stderr: text (default, for a terminal) or json (one object per line: tenant, service, stream,"
          + " correlationId, traceId).")
  String logFormat;

  /** Switches the logs to the chosen format (a no-op for {@code text}). */
  public void apply() {
    try {
      LogFormat.parse(logFormat).apply();
    } catch (IllegalArgumentException e) {
      throw new CommandFailedException(e.getMessage(), e);
    }
  }
}
