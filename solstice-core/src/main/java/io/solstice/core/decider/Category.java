package io.solstice.core.decider;

import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import io.solstice.core.codec.EventCodec;
import io.solstice.core.store.AppendResult;
import io.solstice.core.store.EventStore;
import io.solstice.core.store.Snapshot;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One aggregate category bound to a store: its name (the category part of its stream names), its
 * codec, its fold ({@code initial} + {@code evolve}), and how its states are loaded (read page size,
 * optional {@link StateCache}, optional {@link SnapshotPolicy}). Hands out a {@link Decider} per
 * stream.
 *
 * <pre>{@code
 * Category<Cart.State, Cart.Event> carts = Category
 *     .builder("Cart", JsonCodec.forSealed(Cart.Event.class), Cart.State.INITIAL, Cart.State::evolve)
 *     .cache(cache)
 *     .snapshots(SnapshotPolicy.every(100, 1, Cart.State.class))
 *     .build(store);
 * carts.decider("acme", cartId).transact(state -> Cart.decideAdd(state, sku, 2));
 * }</pre>
 *
 * <p><b>Loading</b> (cache → snapshot → events): the cached state if the load mode allows, else
 * the latest snapshot of the policy's schema, else {@code initial}; then the events after it, read
 * forward in pages of {@code readPageSize}. Events of types the codec does not know are skipped
 * (they still advance the version).
 *
 * <p>Immutable and thread-safe; {@code evolve} must be a pure function.
 */
public final class Category<S, E> {
  private static final Logger log = LoggerFactory.getLogger(Category.class);

  /** Default number of attempts of a transact. */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  /** Default number of events read per store round trip when loading. */
  public static final int DEFAULT_READ_PAGE_SIZE = 500;

  private final String name;
  private final EventCodec<E> codec;
  private final S initial;
  private final BiFunction<S, E, S> evolve;
  private final @Nullable SnapshotPolicy<S> snapshots;
  private final @Nullable StateCache cache;
  private final int maxAttempts;
  private final int readPageSize;
  private final EventStore store;

  private Category(Builder<S, E> b, EventStore store) {
    this.name = b.name;
    this.codec = b.codec;
    this.initial = b.initial;
    this.evolve = b.evolve;
    this.snapshots = b.snapshots;
    this.cache = b.cache;
    this.maxAttempts = b.maxAttempts;
    this.readPageSize = b.readPageSize;
    this.store = Objects.requireNonNull(store, "store");
  }

  /**
   * Starts a category definition.
   *
   * @param name the category, e.g. {@code Cart} (rules of {@link StreamName#requireCategory})
   * @param codec the events' codec
   * @param initial the state of a stream with no events
   * @param evolve the pure fold step: state + event → next state
   */
  public static <S, E> Builder<S, E> builder(String name, EventCodec<E> codec, S initial, BiFunction<S, E, S> evolve) {
    return new Builder<>(name, codec, initial, evolve);
  }

  /** The category name. */
  public String name() {
    return name;
  }

  /** The store this category reads and writes. */
  public EventStore store() {
    return store;
  }

  /** The events' codec. */
  public EventCodec<E> codec() {
    return codec;
  }

  /** The state of a stream with no events. */
  public S initial() {
    return initial;
  }

  /** The default number of attempts of its deciders' transacts. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The stream of this category for {@code tenant} and {@code id}. */
  public StreamName stream(String tenant, String id) {
    return StreamName.of(tenant, name, id);
  }

  /** The decider of {@code tenant}'s stream {@code id}. */
  public Decider<S, E> decider(String tenant, String id) {
    return decider(stream(tenant, id));
  }

  /** The decider of {@code stream}, which must belong to this category. */
  public Decider<S, E> decider(StreamName stream) {
    Objects.requireNonNull(stream, "stream");
    if (!stream.category().equals(name)) {
      throw new IllegalArgumentException("stream " + stream + " is not in category " + name
          + "; use the category named " + stream.category());
    }
    return new Decider<>(this, stream);
  }

  /** Folds {@code events} into {@code state} with {@code evolve}. */
  public S fold(S state, List<? extends E> events) {
    S s = state;
    for (E e : events) {
      s = evolve.apply(s, e);
    }
    return s;
  }

  // ---- engine, used by Decider and MultiStreamDecider ----

  StreamState<S> load(StreamName stream, LoadMode mode) {
    if (mode == LoadMode.OPTIMISTIC) {
      mode = LoadMode.LATEST; // a state that is only loaded cannot be verified by an append
    }
    if (cache != null && mode != LoadMode.REQUIRE_LOAD) {
      StateCache.Entry hit = cache.get(this, stream);
      if (hit != null) {
        @SuppressWarnings("unchecked")
        StreamState<S> cached = new StreamState<>(hit.version(), (S) hit.state());
        return mode == LoadMode.ANY_CACHED ? cached : catchUp(stream, cached);
      }
    }
    return catchUp(stream, fromSnapshot(stream));
  }

  /** The cached state of {@code stream} as it is, without reading the store; null on a miss or without a cache. */
  @Nullable StreamState<S> cached(StreamName stream) {
    if (cache == null) {
      return null;
    }
    StateCache.Entry hit = cache.get(this, stream);
    @SuppressWarnings("unchecked")
    StreamState<S> cached = hit == null ? null : new StreamState<>(hit.version(), (S) hit.state());
    return cached;
  }

  private StreamState<S> fromSnapshot(StreamName stream) {
    if (snapshots == null) {
      return new StreamState<>(-1, initial);
    }
    Optional<Snapshot> snapshot = store.readSnapshot(stream, snapshots.schema());
    if (snapshot.isPresent()) {
      try {
        return new StreamState<>(snapshot.get().version(), snapshots.deserialize(snapshot.get().data()));
      } catch (Exception e) {
        log.warn("ignoring unreadable snapshot {} of {} (schema {}): {}; folding the events instead",
            snapshot.get().version(), stream, snapshots.schema(), e.toString());
      }
    }
    return new StreamState<>(-1, initial);
  }

  /** {@code from} plus every event stored after its version, read from the store; cached. */
  StreamState<S> catchUp(StreamName stream, StreamState<S> from) {
    long version = from.version();
    S state = from.state();
    while (true) {
      List<RecordedEvent> page = store.read(stream, version + 1, readPageSize);
      for (RecordedEvent recorded : page) {
        Optional<E> event = codec.decode(recorded);
        if (event.isPresent()) {
          state = evolve.apply(state, event.get());
        }
        version = recorded.version();
      }
      if (page.size() < readPageSize) {
        break;
      }
    }
    if (cache != null && (version != from.version() || version < 0)) {
      // an empty stream is cached too, so that an optimistic transact right after a read of it
      // (a reaction creating the stream it checked) appends without reading it again
      cache.offer(this, stream, version, state);
    }
    return version == from.version() ? from : new StreamState<>(version, state);
  }

  /**
   * Records a successful append of {@code events} on top of {@code before}: caches the new state and
   * writes a snapshot when the append crosses the policy's interval. Returns the new state; for a
   * duplicate append (nothing written this time) the stream is read again.
   */
  StreamState<S> afterAppend(StreamName stream, StreamState<S> before, List<? extends E> events, AppendResult.Written written) {
    if (written.duplicate() || written.version() != before.version() + events.size()) {
      if (cache != null) {
        cache.invalidate(this, stream);
      }
      return catchUp(stream, before);
    }
    StreamState<S> after = new StreamState<>(written.version(), fold(before.state(), events));
    if (cache != null) {
      cache.offer(this, stream, after.version(), after.state());
    }
    if (snapshots != null && snapshots.crossed(before.version(), after.version())) {
      try {
        store.writeSnapshot(new Snapshot(stream, after.version(), snapshots.schema(), snapshots.serialize(after.state())));
      } catch (Exception e) {
        log.warn("could not write snapshot of {} at version {}: {}; loads fold more events until the next one",
            stream, after.version(), e.toString());
      }
    }
    return after;
  }

  /**
   * Configures a {@link Category}; each setting is checked at once, naming the bad value. Not
   * thread-safe; build once at startup.
   */
  public static final class Builder<S, E> {
    private final String name;
    private final EventCodec<E> codec;
    private final S initial;
    private final BiFunction<S, E, S> evolve;
    private @Nullable SnapshotPolicy<S> snapshots;
    private @Nullable StateCache cache;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private int readPageSize = DEFAULT_READ_PAGE_SIZE;

    private Builder(String name, EventCodec<E> codec, S initial, BiFunction<S, E, S> evolve) {
      this.name = StreamName.requireCategory(name);
      this.codec = Objects.requireNonNull(codec, "codec");
      this.initial = Objects.requireNonNull(initial, "initial");
      this.evolve = Objects.requireNonNull(evolve, "evolve");
    }

    /** Keeps snapshots as {@code policy} says (none by default). */
    public Builder<S, E> snapshots(SnapshotPolicy<S> policy) {
      this.snapshots = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Caches folded states in {@code cache} (none by default). */
    public Builder<S, E> cache(StateCache cache) {
      this.cache = Objects.requireNonNull(cache, "cache");
      return this;
    }

    /** How many times a transact decides and appends before giving up on conflicts (default 3). */
    public Builder<S, E> maxAttempts(int maxAttempts) {
      this.maxAttempts = requireAttempts(maxAttempts);
      return this;
    }

    /** Events read per store round trip while loading (default 500). */
    public Builder<S, E> readPageSize(int readPageSize) {
      if (readPageSize <= 0) {
        throw new IllegalArgumentException("readPageSize must be positive, was " + readPageSize);
      }
      this.readPageSize = readPageSize;
      return this;
    }

    /** The category, reading and writing {@code store}. */
    public Category<S, E> build(EventStore store) {
      return new Category<>(this, store);
    }
  }

  static int requireAttempts(int maxAttempts) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    return maxAttempts;
  }
}
