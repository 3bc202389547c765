package io.solstice.core.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.solstice.core.RecordedEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jackson {@link EventCodec} for a sealed interface of records: the storage contract of an
 * aggregate's events.
 *
 * <p><b>Type names.</b> Each record's type name is its simple name ({@code Order.Event.Placed} is
 * stored as {@code Placed}). The permitted subclasses are discovered when the codec is built,
 * recursively through nested sealed interfaces; building fails at once when a permitted subclass is
 * neither a record nor a sealed interface, or when two records share a simple name. Renaming a
 * record therefore changes its stored type: keep the old name readable with {@link
 * Builder#rename(String, String)}.
 *
 * <p><b>Upcasting.</b> Old shapes are upgraded on read by a chain of steps over the Jackson {@link
 * ObjectNode}, registered per stored type and run in registration order; after a type's own steps,
 * a {@link Builder#rename renamed} type continues with the steps of its new name. Steps run on every
 * read of their type, so they must leave the current shape unchanged: prefer {@link
 * Builder#addField} and {@link Builder#renameField}, which only act on old shapes. Encoding always
 * writes the current shape under the current name.
 *
 * <p><b>Failures.</b> Unknown types decode to empty, are counted ({@link #unknownTypesSkipped()})
 * and logged at debug; they never fail a fold. Malformed data of a known type throws {@link
 * EventDecodingException}: skipping it would fold a wrong state (see that class).
 *
 * <p>Immutable and thread-safe once built.
 */
public final class JsonCodec<E> implements EventCodec<E> {
  private static final Logger log = LoggerFactory.getLogger(JsonCodec.class);

  private final Class<E> eventType;
  private final Map<Class<?>, String> names;
  private final Map<Class<?>, ObjectWriter> writers;
  private final Map<String, Plan> plans;
  private final ObjectMapper mapper;
  private final LongAdder unknown = new LongAdder();

  /** How to decode one stored type: the record to build and the upcasting steps on the way. */
  private record Plan(String currentType, ObjectReader reader, List<Consumer<ObjectNode>> steps) {}

  private JsonCodec(Builder<E> b, Map<String, Class<?>> types) {
    this.eventType = b.eventType;
    this.mapper = b.mapper;
    Map<Class<?>, String> n = new HashMap<>();
    Map<Class<?>, ObjectWriter> w = new HashMap<>();
    types.forEach((name, cls) -> {
      n.put(cls, name);
      w.put(cls, mapper.writerFor(cls));
    });
    this.names = Map.copyOf(n);
    this.writers = Map.copyOf(w);
    Map<String, Plan> p = new HashMap<>();
    Set<String> stored = new TreeSet<>(types.keySet());
    stored.addAll(b.renames.keySet());
    for (String storedType : stored) {
      List<Consumer<ObjectNode>> steps = new ArrayList<>();
      String t = storedType;
      Set<String> seen = new TreeSet<>();
      while (true) {
        if (!seen.add(t)) {
          throw new IllegalArgumentException("renames of " + eventType.getName() + " form a cycle through " + seen + "; remove one");
        }
        steps.addAll(b.upcasts.getOrDefault(t, List.of()));
        String next = b.renames.get(t);
        if (next == null) {
          break;
        }
        t = next;
      }
      Class<?> cls = types.get(t);
      if (cls == null) {
        throw new IllegalArgumentException("rename of " + storedType + " leads to " + t + ", which is not a record of "
            + eventType.getName() + "; known types: " + types.keySet());
      }
      p.put(storedType, new Plan(t, mapper.readerFor(cls), List.copyOf(steps)));
    }
    this.plans = Map.copyOf(p);
  }

  /** A codec for the records permitted by {@code sealedType}, with no upcasters and {@link Json#mapper()}. */
  public static <E> JsonCodec<E> forSealed(Class<E> sealedType) {
    return builder(sealedType).build();
  }

  /** A builder for a codec of the records permitted by {@code sealedType}. */
  public static <E> Builder<E> builder(Class<E> sealedType) {
    return new Builder<>(sealedType);
  }

  @Override
  public EncodedEvent encode(E event) {
    Objects.requireNonNull(event, "event");
    ObjectWriter writer = writers.get(event.getClass());
    String name = names.get(event.getClass());
    if (writer == null || name == null) {
      throw new IllegalArgumentException(event.getClass().getName() + " is not a record permitted by " + eventType.getName());
    }
    try {
      return new EncodedEvent(name, writer.writeValueAsBytes(event));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot encode " + event.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<E> decode(String type, byte[] data) {
    return decode(type, data, null);
  }

  @Override
  public Optional<E> decode(RecordedEvent event) {
    return decode(event.type(), event.data(), event);
  }

  /** Where an event came from, for messages (built only when one is written). */
  private static String where(@Nullable RecordedEvent event) {
    return event == null ? "event" : event.stream() + "@" + event.version() + " (id " + event.eventId() + ")";
  }

  private Optional<E> decode(String type, byte[] data, @Nullable RecordedEvent source) {
    Plan plan = plans.get(type);
    if (plan == null) {
      unknown.increment();
      if (log.isDebugEnabled()) {
        log.debug("skipping {} of type {} unknown to the codec of {} ({} unknown skipped so far)",
            where(source), type, eventType.getSimpleName(), unknown.sum());
      }
      return Optional.empty();
    }
    try {
      if (plan.steps().isEmpty()) {
        return Optional.of(eventType.cast(plan.reader().readValue(data)));
      }
      JsonNode tree = mapper.readTree(data);
      if (!(tree instanceof ObjectNode node)) {
        throw new IOException("expected a JSON object but found " + (tree == null ? "nothing" : tree.getNodeType()));
      }
      for (Consumer<ObjectNode> step : plan.steps()) {
        step.accept(node);
      }
      return Optional.of(eventType.cast(plan.reader().readValue(node)));
    } catch (IOException | RuntimeException e) {
      throw new EventDecodingException(where(source), type, e);
    }
  }

  @Override
  public long unknownTypesSkipped() {
    return unknown.sum();
  }

  /** The current type names, sorted. */
  public Set<String> types() {
    return new TreeSet<>(names.values());
  }

  /** True when {@code type} decodes to an event (a current type or a renamed old one). */
  public boolean knows(String type) {
    return plans.containsKey(type);
  }

  /** The stored type name of the record class {@code recordClass}. */
  public String typeName(Class<? extends E> recordClass) {
    String name = names.get(recordClass);
    if (name == null) {
      throw new IllegalArgumentException(recordClass.getName() + " is not a record permitted by " + eventType.getName());
    }
    return name;
  }

  /**
   * Configures a {@link JsonCodec}; every setting is checked at once or when {@link #build()} runs,
   * with a message naming the bad value. Not thread-safe; build once at startup.
   */
  public static final class Builder<E> {
    private final Class<E> eventType;
    private ObjectMapper mapper = Json.mapper();
    private final Map<String, List<Consumer<ObjectNode>>> upcasts = new HashMap<>();
    private final Map<String, String> renames = new HashMap<>();

    private Builder(Class<E> eventType) {
      this.eventType = Objects.requireNonNull(eventType, "sealedType");
      if (!eventType.isSealed()) {
        throw new IllegalArgumentException(eventType.getName()
            + " is not sealed; declare the events as records of a sealed interface (sealed interface Event permits ...)");
      }
    }

    /** Uses {@code mapper} instead of {@link Json#mapper()}. */
    public Builder<E> mapper(ObjectMapper mapper) {
      this.mapper = Objects.requireNonNull(mapper, "mapper");
      return this;
    }

    /**
     * Adds an upcasting step for events stored as {@code type} (a current type or the old name of a
     * {@linkplain #rename renamed} one). Steps change the node in place, run in registration order
     * on every read of that type, and must leave the current shape unchanged.
     */
    public Builder<E> upcast(String type, Consumer<ObjectNode> step) {
      requireType(type);
      Objects.requireNonNull(step, "step");
      upcasts.computeIfAbsent(type, t -> new ArrayList<>()).add(step);
      return this;
    }

    /** Reads events stored as {@code oldType} as {@code newType} (after {@code oldType}'s own upcasting steps). */
    public Builder<E> rename(String oldType, String newType) {
      requireType(oldType);
      requireType(newType);
      String previous = renames.putIfAbsent(oldType, newType);
      if (previous != null) {
        throw new IllegalArgumentException("type " + oldType + " is already renamed to " + previous + "; rename it once");
      }
      return this;
    }

    /** Upcasts {@code type} by adding {@code field} with {@code value} (converted by the mapper) where it is missing. */
    public Builder<E> addField(String type, String field, Object value) {
      Objects.requireNonNull(field, "field");
      JsonNode node = mapper.valueToTree(value);
      return upcast(type, n -> {
        if (!n.has(field)) {
          n.set(field, node.deepCopy());
        }
      });
    }

    /** Upcasts {@code type} by renaming field {@code from} to {@code to} where {@code from} is present. */
    public Builder<E> renameField(String type, String from, String to) {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      return upcast(type, n -> {
        if (n.has(from)) {
          JsonNode v = n.remove(from);
          if (!n.has(to)) {
            n.set(to, v);
          }
        }
      });
    }

    /**
     * Builds the codec.
     *
     * @throws IllegalArgumentException when a permitted subclass is not a record or sealed
     *     interface, two records share a simple name, a renamed type is still a current type, or a
     *     rename or upcast names a type that does not lead to a record
     */
    public JsonCodec<E> build() {
      Map<String, Class<?>> types = new LinkedHashMap<>();
      collect(eventType, types);
      if (types.isEmpty()) {
        throw new IllegalArgumentException(eventType.getName() + " permits no records; add at least one event record");
      }
      for (String old : renames.keySet()) {
        if (types.containsKey(old)) {
          throw new IllegalArgumentException("cannot rename " + old + ": it is still a record of " + eventType.getName()
              + "; rename only names no current record uses");
        }
      }
      for (String t : upcasts.keySet()) {
        if (!types.containsKey(t) && !renames.containsKey(t)) {
          throw new IllegalArgumentException("upcast for unknown type " + t + ": it is neither a record of "
              + eventType.getName() + " " + types.keySet() + " nor a renamed type " + renames.keySet());
        }
      }
      return new JsonCodec<>(this, types);
    }

    private static void collect(Class<?> sealed, Map<String, Class<?>> into) {
      for (Class<?> sub : sealed.getPermittedSubclasses()) {
        if (sub.isRecord()) {
          Class<?> clash = into.putIfAbsent(sub.getSimpleName(), sub);
          if (clash != null) {
            throw new IllegalArgumentException("event records " + clash.getName() + " and " + sub.getName()
                + " share the type name " + sub.getSimpleName() + "; give one of them another name");
          }
        } else if (sub.isSealed()) {
          collect(sub, into);
        } else {
          throw new IllegalArgumentException(sub.getName() + " (permitted by " + sealed.getName()
              + ") is neither a record nor a sealed interface; events must be records");
        }
      }
    }

    private static void requireType(String type) {
      if (type == null || type.isBlank()) {
        throw new IllegalArgumentException("event type name must not be empty, was " + type);
      }
    }
  }
}
