package io.solstice.app;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The parts of a starting process, in start order; closing closes them in reverse, each once, logging any failure and going on. */
final class Closer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Closer.class);

  private record Part(String name, AutoCloseable part) {}

  private final List<Part> parts = new ArrayList<>();

  /** Adds {@code part} (named for the log) and returns it. */
  <T extends AutoCloseable> T add(String name, T part) {
    parts.add(new Part(name, part));
    return part;
  }

  @Override
  public synchronized void close() {
    for (Part p : parts.reversed()) {
      try {
        p.part().close();
      } catch (Exception e) {
        log.warn("stopping {} failed: {}", p.name(), e.toString());
      }
    }
    parts.clear();
  }
}
