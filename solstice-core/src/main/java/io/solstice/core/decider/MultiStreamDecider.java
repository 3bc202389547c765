package io.solstice.core.decider;

import io.solstice.core.EventData;
import io.solstice.core.EventMetadata;
import io.solstice.core.StreamName;
import io.solstice.core.store.AppendRequest;
import io.solstice.core.store.AppendResult;
import io.solstice.core.store.EventStore;
import io.solstice.core.store.ExpectedVersion;
import io.solstice.core.store.MultiAppendResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides over the states of several streams and commits the events for all of them atomically
 * ({@link EventStore#appendAll}), e.g. a checkout that empties the cart, holds stock and places the
 * order together.
 *
 * <pre>{@code
 * OrderId id = MultiStreamDecider.on(store).withMetadata(meta).transact(tx -> {
 *   Cart.State cart = tx.state(cartDecider);
 *   Stock.State stock = tx.state(stockDecider);
 *   // pure decisions on the states ...
 *   tx.append(stockDecider, Stock.decideHold(stock, cart.lines()));
 *   tx.append(orderDecider, List.of(new Order.Event.Placed(...)));
 *   return orderId;
 * });
 * }</pre>
 *
 * <h2>The loop</h2>
 *
 * {@code decide} reads states through the {@link Context} (each stream loaded once per attempt, by
 * the {@link LoadMode}) and stages events per stream. If nothing is staged, nothing is written.
 * Otherwise every stream with staged events is appended expecting exactly the version its state was
 * read at, all in one atomic {@code appendAll}. If it is rejected, the conflicting streams' newer
 * events are read from the store and {@code decide} runs again on fresh states, up to {@code
 * maxAttempts} times, then {@link ConcurrencyConflictException} names every conflicting stream.
 * Contention therefore leads to a re-decision on fresh state, never to a refusal decided on stale
 * state. Under {@link LoadMode#OPTIMISTIC} (or with deciders that know a {@linkplain
 * Decider#withMinimumVersion minimum version}) the first attempt takes cached states without
 * reading them; they are verified as that mode describes — written streams by the append, read-only
 * ones by a read before it, every one by a read when the decision writes nothing or refuses — and a
 * rejection caused only by such unverified states does not count as an attempt.
 *
 * <p>Only streams that receive events are checked: a stream that is only read is not guarded
 * against concurrent change. {@code decide} must be pure (it may run several times) and may throw to
 * refuse. Immutable and thread-safe; every decider must use this instance's store.
 */
public final class MultiStreamDecider {
  private final EventStore store;
  private final EventMetadata metadata;
  private final EventIds ids;
  private final LoadMode loadMode;
  private final int maxAttempts;
  private final boolean decidersIdentity;

  private MultiStreamDecider(EventStore store, EventMetadata metadata, EventIds ids, LoadMode loadMode, int maxAttempts,
      boolean decidersIdentity) {
    this.store = store;
    this.metadata = metadata;
    this.ids = ids;
    this.loadMode = loadMode;
    this.maxAttempts = maxAttempts;
    this.decidersIdentity = decidersIdentity;
  }

  /** Transactions over streams of {@code store}, with 3 attempts, random ids, no metadata. */
  public static MultiStreamDecider on(EventStore store) {
    return new MultiStreamDecider(Objects.requireNonNull(store, "store"), EventMetadata.EMPTY, EventIds.RANDOM,
        LoadMode.LATEST, Category.DEFAULT_MAX_ATTEMPTS, false);
  }

  /** Writes {@code metadata} on every event (the deciders' own metadata is not used, see {@link #withDecidersIdentity}). */
  public MultiStreamDecider withMetadata(EventMetadata metadata) {
    return new MultiStreamDecider(store, Objects.requireNonNull(metadata, "metadata"), ids, loadMode, maxAttempts, false);
  }

  /** Chooses event ids with {@code ids}; the stream is part of each id's input, so streams never share ids. */
  public MultiStreamDecider withEventIds(EventIds ids) {
    return new MultiStreamDecider(store, metadata, Objects.requireNonNull(ids, "ids"), loadMode, maxAttempts, false);
  }

  /** Loads states on the first attempt as {@code mode} says. */
  public MultiStreamDecider withLoadMode(LoadMode mode) {
    return new MultiStreamDecider(store, metadata, ids, Objects.requireNonNull(mode, "mode"), maxAttempts, decidersIdentity);
  }

  /** Decides at most {@code maxAttempts} times. */
  public MultiStreamDecider withMaxAttempts(int maxAttempts) {
    return new MultiStreamDecider(store, metadata, ids, loadMode, Category.requireAttempts(maxAttempts), decidersIdentity);
  }

  /**
   * Writes each stream's events with the ids and metadata of the decider they were staged through
   * ({@link Decider#withEventIds}, {@link Decider#withMetadata}) instead of this transaction's: for
   * reactions of different services committed together, each writing what it would write alone.
   * {@link #withMetadata} or {@link #withEventIds} afterwards goes back to one identity for all.
   */
  public MultiStreamDecider withDecidersIdentity() {
    return new MultiStreamDecider(store, metadata, ids, loadMode, maxAttempts, true);
  }

  /** What {@code decide} reads states from and stages events into. Valid only during the call. */
  public interface Context {
    /** The state of {@code decider}'s stream (loaded once per attempt). */
    <S> S state(Decider<S, ?> decider);

    /** The state and version of {@code decider}'s stream. */
    <S> StreamState<S> load(Decider<S, ?> decider);

    /** Stages {@code events} for {@code decider}'s stream (loading its state to know the expected version). */
    <E> void append(Decider<?, E> decider, List<? extends E> events);
  }

  /**
   * Runs {@code decide} and commits the staged events of every stream atomically, re-deciding on
   * conflicts.
   *
   * @return what {@code decide} returned on the attempt that committed (or staged nothing)
   * @throws ConcurrencyConflictException when every attempt was rejected
   */
  // NullAway cannot see that `result` is returned only on an attempt where decide returned (no refusal caught).
  @SuppressWarnings("NullAway")
  public <R> R transact(Function<Context, R> decide) {
    Objects.requireNonNull(decide, "decide");
    Map<StreamName, StreamState<?>> known = new LinkedHashMap<>();
    Set<StreamName> unverified = new HashSet<>(); // cached states taken without a read (OPTIMISTIC, minimum versions)
    int attempts = 0; // attempts rejected on verified states
    boolean first = true;
    while (true) {
      Attempt tx = new Attempt(known, unverified, first ? loadMode : LoadMode.LATEST);
      first = false;
      R result = null;
      RuntimeException refusal = null;
      try {
        result = decide.apply(tx);
      } catch (RuntimeException e) {
        refusal = e;
      } finally {
        tx.open = false;
      }
      List<Slot<?, ?>> writing = refusal != null ? List.of() : tx.slots.values().stream().filter(s -> !s.pending.isEmpty()).toList();
      if (writing.isEmpty()) {
        // a refusal or a no-op must not rest on a stale state: verify the cached states it used
        if (verify(tx, unverified, known, slot -> true)) {
          continue;
        }
        if (refusal != null) {
          throw refusal;
        }
        return result;
      }
      // the append checks the streams it writes (not those written unchecked); catch up the unverified others
      if (verify(tx, unverified, known, slot -> slot.pending.isEmpty() || slot.decider.uncheckedAppends())) {
        continue;
      }
      List<AppendRequest> requests = new ArrayList<>(writing.size());
      for (Slot<?, ?> slot : writing) {
        requests.add(decidersIdentity ? slot.request(slot.decider.eventIds(), slot.decider.metadata()) : slot.request(ids, metadata));
      }
      switch (store.appendAll(requests)) {
        case MultiAppendResult.Committed committed -> {
          for (int i = 0; i < writing.size(); i++) {
            writing.get(i).committed(committed.results().get(i));
          }
          return result;
        }
        case MultiAppendResult.Rejected rejected -> {
          Set<StreamName> conflicting = new HashSet<>();
          rejected.conflicts().forEach(c -> conflicting.add(c.stream()));
          if (!unverified.containsAll(conflicting)) {
            attempts++;
            if (attempts >= maxAttempts) {
              throw new ConcurrencyConflictException(rejected.conflicts(), attempts);
            }
          }
          known.clear();
          for (Slot<?, ?> slot : tx.slots.values()) {
            known.put(slot.decider.stream(), conflicting.contains(slot.decider.stream()) ? slot.refreshed() : slot.state);
          }
          unverified.clear(); // the rest passed the append's check, or were caught up before it
        }
      }
    }
  }

  /**
   * Catches up the unverified slots that {@code which} selects and records every slot's state in
   * {@code known} for the next attempt; true if any of them had newer events (decide again).
   */
  private static boolean verify(Attempt tx, Set<StreamName> unverified, Map<StreamName, StreamState<?>> known,
      java.util.function.Predicate<Slot<?, ?>> which) {
    boolean stale = false;
    Map<StreamName, StreamState<?>> states = new LinkedHashMap<>();
    for (Slot<?, ?> slot : tx.slots.values()) {
      StreamName stream = slot.decider.stream();
      StreamState<?> state = slot.state;
      if (unverified.contains(stream) && which.test(slot)) {
        unverified.remove(stream);
        state = slot.refreshed();
        stale |= state.version() != slot.state.version();
      }
      states.put(stream, state);
    }
    if (stale) {
      known.clear();
      known.putAll(states);
    }
    return stale;
  }

  /** One stream within one attempt: its decider, the state read, the events staged. */
  private static final class Slot<S, E> {
    final Decider<S, E> decider;
    final StreamState<S> state;
    final List<E> pending = new ArrayList<>();

    Slot(Decider<S, E> decider, StreamState<S> state) {
      this.decider = decider;
      this.state = state;
    }

    AppendRequest request(EventIds ids, EventMetadata metadata) {
      List<EventData> data = Decider.encode(decider.category().codec(), decider.stream(), pending, ids, metadata);
      return new AppendRequest(decider.stream(), decider.uncheckedAppends() ? ExpectedVersion.ANY : ExpectedVersion.of(state.version()), data);
    }

    void committed(AppendResult.Written written) {
      decider.category().afterAppend(decider.stream(), state, pending, written);
    }

    StreamState<S> refreshed() {
      return decider.category().catchUp(decider.stream(), state);
    }
  }

  private final class Attempt implements Context {
    final Map<StreamName, StreamState<?>> known;
    final Set<StreamName> unverified;
    final LoadMode mode;
    final Map<StreamName, Slot<?, ?>> slots = new LinkedHashMap<>();
    boolean open = true;

    Attempt(Map<StreamName, StreamState<?>> known, Set<StreamName> unverified, LoadMode mode) {
      this.known = known;
      this.unverified = unverified;
      this.mode = mode;
    }

    @Override
    public <S> S state(Decider<S, ?> decider) {
      return load(decider).state();
    }

    @Override
    public <S> StreamState<S> load(Decider<S, ?> decider) {
      return slot(decider).state;
    }

    @Override
    public <E> void append(Decider<?, E> decider, List<? extends E> events) {
      slot(decider).pending.addAll(List.copyOf(events));
    }

    @SuppressWarnings("unchecked")
    private <S, E> Slot<S, E> slot(Decider<S, E> decider) {
      Objects.requireNonNull(decider, "decider");
      if (!open) {
        throw new IllegalStateException("the transaction context of " + decider.stream() + " is used after its decide returned");
      }
      if (decider.category().store() != store) {
        throw new IllegalArgumentException("stream " + decider.stream() + " belongs to another store than this "
            + "MultiStreamDecider's; an atomic append needs every stream in one store");
      }
      Slot<?, ?> existing = slots.get(decider.stream());
      if (existing != null) {
        if (existing.decider.category() != decider.category()) {
          throw new IllegalArgumentException("stream " + decider.stream()
              + " is used through two different categories in one transaction; use one");
        }
        return (Slot<S, E>) existing;
      }
      StreamState<S> state = (StreamState<S>) known.get(decider.stream());
      if (state == null) {
        state = decider.unverifiedStart(mode);
        if (state != null) {
          unverified.add(decider.stream());
        } else {
          state = decider.category().load(decider.stream(), mode);
        }
      }
      Slot<S, E> slot = new Slot<>(decider, state);
      slots.put(decider.stream(), slot);
      return slot;
    }
  }
}
