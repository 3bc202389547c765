package io.solstice.bench.store;

import io.solstice.core.EventData;
import io.solstice.core.EventMetadata;
import io.solstice.core.StreamName;
import io.solstice.core.TimeOrderedIds;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * What the store benchmark writes: {@value #STREAMS} streams spread evenly over {@value #TENANTS}
 * tenants ({@code bench-0} … {@code bench-9}), appends of 1–5 events, each event a
 * {@value #PAYLOAD_BYTES}-byte JSON object. Each phase writes its own category (e.g. {@code
 * GroupCommit-417}), so every phase starts from empty streams on the same tables.
 */
public final class BenchWorkload {

  /** Tenants written to. */
  public static final int TENANTS = 10;
  /** Streams written to, across all tenants. */
  public static final int STREAMS = 10_000;
  /** Bytes of each event's JSON data. */
  public static final int PAYLOAD_BYTES = 200;
  /** Most events in one append. */
  public static final int MAX_EVENTS_PER_APPEND = 5;

  private static final String EVENT_TYPE = "ItemAdded";
  private static final EventMetadata METADATA = EventMetadata.EMPTY.withProducer("bench");

  private final List<String> tenants;
  private final String category;
  private final StreamName[] streams;
  private final StoreBenchSettings.EventIdKind eventIds;

  private BenchWorkload(String category, StoreBenchSettings.EventIdKind eventIds) {
    this.eventIds = eventIds;
    List<String> names = new ArrayList<>();
    for (int t = 0; t < TENANTS; t++) {
      names.add("bench-" + t);
    }
    this.tenants = List.copyOf(names);
    this.category = category;
    this.streams = new StreamName[STREAMS];
    for (int s = 0; s < STREAMS; s++) {
      streams[s] = numberedStream(s);
    }
  }

  /** The workload of one phase, writing streams of {@code category} with time-ordered event ids. */
  public static BenchWorkload forCategory(String category) {
    return forCategory(category, StoreBenchSettings.EventIdKind.TIME_ORDERED);
  }

  /** The workload of one phase, writing streams of {@code category} with event ids of the given kind. */
  public static BenchWorkload forCategory(String category, StoreBenchSettings.EventIdKind eventIds) {
    return new BenchWorkload(StreamName.requireCategory(category), eventIds);
  }

  /** The tenants this workload writes to; register them before appending. */
  public static List<String> tenantIds() {
    return forCategory("Bench").tenants;
  }

  /** A stream chosen uniformly at random. */
  public StreamName randomStream(RandomGenerator random) {
    return streams[random.nextInt(STREAMS)];
  }

  /** The stream with index {@code i} (0 to {@value #STREAMS} - 1). */
  public StreamName stream(int i) {
    return streams[i];
  }

  /**
   * Stream number {@code n} of this workload's category, for any {@code n >= 0} (the ceiling phase
   * writes each of its streams once, past the first {@value #STREAMS}); its tenant is {@code n mod
   * 10}.
   */
  public StreamName numberedStream(long n) {
    return StreamName.of(tenants.get((int) (n % TENANTS)), category, "s" + n);
  }

  /** Between 1 and {@value #MAX_EVENTS_PER_APPEND} new events, uniformly. */
  public List<EventData> randomEvents(RandomGenerator random) {
    return events(random, 1 + random.nextInt(MAX_EVENTS_PER_APPEND));
  }

  /** {@code count} new events with fresh ids and {@value #PAYLOAD_BYTES}-byte payloads. */
  public List<EventData> events(RandomGenerator random, int count) {
    List<EventData> events = new ArrayList<>(count);
    long now = System.currentTimeMillis();
    for (int i = 0; i < count; i++) {
      UUID id = switch (eventIds) {
        case TIME_ORDERED -> TimeOrderedIds.of(now, random);
        case RANDOM -> randomUuid(random);
      };
      events.add(new EventData(id, EVENT_TYPE, payload(random), METADATA));
    }
    return events;
  }

  /** A JSON object of exactly {@value #PAYLOAD_BYTES} bytes, e.g. {@code {"sku":"SKU-…","qty":3,"note":"xxx…"}}. */
  static byte[] payload(RandomGenerator random) {
    String head = "{\"sku\":\"SKU-" + (100_000 + random.nextInt(900_000)) + "\",\"qty\":" + (1 + random.nextInt(9))
        + ",\"priceCents\":" + (100 + random.nextInt(99_900)) + ",\"note\":\"";
    String tail = "\"}";
    StringBuilder json = new StringBuilder(PAYLOAD_BYTES).append(head);
    while (json.length() < PAYLOAD_BYTES - tail.length()) {
      json.append((char) ('a' + random.nextInt(26)));
    }
    return json.append(tail).toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** A random (version 4) UUID from {@code random}: cheaper than the shared SecureRandom of UUID.randomUUID. */
  static UUID randomUuid(RandomGenerator random) {
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low);
  }
}
