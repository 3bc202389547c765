package io.solstice.app.ops;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import java.util.Iterator;
import java.util.Locale;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * How log lines look: {@code text}, the human format of {@code logback.xml} (the default, for a
 * terminal), or {@code json}, one {@link JsonLogEncoder} object per line, for log collectors.
 * Chosen per command with {@code --log-format} (or {@code SOLSTICE_LOG_FORMAT}).
 */
public enum LogFormat {
  TEXT,
  JSON;

  /** Parses {@code text} or {@code json} (any case). */
  public static LogFormat parse(String value) {
    if (value == null || value.isBlank()) {
      return TEXT;
    }
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "text" -> TEXT;
      case "json" -> JSON;
      default -> throw new IllegalArgumentException("--log-format must be text or json, was " + value);
    };
  }

  /**
   * Makes every console appender of the root logger write this format from now on. {@code TEXT}
   * leaves the configuration as it is. Does nothing when Logback is not the SLF4J backend.
   */
  public void apply() {
    if (this == TEXT) {
      return;
    }
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!(factory instanceof LoggerContext context)) {
      return;
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      if (it.next() instanceof OutputStreamAppender<ILoggingEvent> appender && !(appender.getEncoder() instanceof JsonLogEncoder)) {
        JsonLogEncoder encoder = new JsonLogEncoder();
        encoder.setContext(context);
        encoder.start();
        appender.setEncoder(encoder); // no stop/start: the stream (stderr) stays open, lines in flight keep their format
      }
    }
  }
}
