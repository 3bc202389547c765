package io.solstice.store.sql;

import io.solstice.core.StreamName;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parses the canonical stream names read back from the events table, remembering recent ones: a
 * feed page names the same few thousand streams again and again, and {@link StreamName#parse}
 * validates every part with regular expressions. Bounded: the map is cleared when it passes
 * {@value #MAX_ENTRIES} names, so a store with millions of streams costs at most one parse per row,
 * as before.
 */
final class StreamNames {
  static final int MAX_ENTRIES = 65_536;

  private final ConcurrentHashMap<String, StreamName> known = new ConcurrentHashMap<>();

  StreamName parse(String canonical) {
    StreamName name = known.get(canonical);
    if (name == null) {
      name = StreamName.parse(canonical);
      if (known.size() >= MAX_ENTRIES) {
        known.clear();
      }
      known.put(canonical, name);
    }
    return name;
  }
}
