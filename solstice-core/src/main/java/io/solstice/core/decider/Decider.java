package io.solstice.core.decider;

import io.solstice.core.EventData;
import io.solstice.core.EventMetadata;
import io.solstice.core.StreamName;
import io.solstice.core.codec.EventCodec;
import io.solstice.core.store.AppendResult;
import io.solstice.core.store.ExpectedVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Decides and queries on one stream (Equinox's decider): load the state, run a pure decision on it,
 * append the events it returns with the exact expected version, and on a conflict read the newer
 * events and decide again.
 *
 * <h2>The transact loop</h2>
 *
 * <ol>
 *   <li>Load the state as the {@link LoadMode} says (default {@link LoadMode#LATEST}: cache or
 *       snapshot, then the newer events from the store; {@link LoadMode#OPTIMISTIC} and a known
 *       {@linkplain #withMinimumVersion minimum version} start from the cached state unread and
 *       verify it as described there).
 *   <li>Run {@code decide} on it. No events: nothing is written and the loop ends (a command whose
 *       intent already holds is a no-op).
 *   <li>Append the events, expecting exactly the loaded version, with ids from {@link EventIds}
 *       and this decider's {@link EventMetadata}.
 *   <li>Written: the new state is cached (and snapshotted when due) and returned. Conflict: read
 *       the events written since the version decided on from the store, and go back to step 2 on
 *       that state; after {@code maxAttempts} decisions, throw {@link ConcurrencyConflictException}.
 * </ol>
 *
 * Reading only the newer events on a retry is a full reload in effect: stored events never change,
 * so the state at the version decided on plus the events after it is the current state.
 *
 * <p>{@code decide} may run several times and must be pure; it may throw to refuse a command
 * (nothing is written, the exception propagates). A decider is an immutable value: the {@code
 * with…} methods return adjusted copies. Thread-safe.
 */
public final class Decider<S, E> {
  private final Category<S, E> category;
  private final StreamName stream;
  private final EventMetadata metadata;
  private final EventIds ids;
  private final LoadMode loadMode;
  private final int maxAttempts;
  private final long minimumVersion;
  private final boolean unchecked;

  /** No minimum version known. */
  private static final long NO_MINIMUM = Long.MIN_VALUE;

  Decider(Category<S, E> category, StreamName stream) {
    this(category, stream, EventMetadata.EMPTY, EventIds.RANDOM, LoadMode.LATEST, category.maxAttempts(), NO_MINIMUM, false);
  }

  private Decider(Category<S, E> category, StreamName stream, EventMetadata metadata, EventIds ids, LoadMode loadMode, int maxAttempts,
      long minimumVersion, boolean unchecked) {
    this.category = category;
    this.stream = stream;
    this.metadata = metadata;
    this.ids = ids;
    this.loadMode = loadMode;
    this.maxAttempts = maxAttempts;
    this.minimumVersion = minimumVersion;
    this.unchecked = unchecked;
  }

  /** The stream this decider works on. */
  public StreamName stream() {
    return stream;
  }

  /** The category of its stream. */
  public Category<S, E> category() {
    return category;
  }

  /** The metadata this decider writes on its events. */
  public EventMetadata metadata() {
    return metadata;
  }

  /** How this decider chooses the ids of the events it appends. */
  public EventIds eventIds() {
    return ids;
  }

  /** This decider writing {@code metadata} (correlation, causation, traceparent, producer) on its events. */
  public Decider<S, E> withMetadata(EventMetadata metadata) {
    return new Decider<>(category, stream, Objects.requireNonNull(metadata, "metadata"), ids, loadMode, maxAttempts, minimumVersion, unchecked);
  }

  /** This decider choosing event ids with {@code ids} (e.g. {@link EventIds#fromCausation}). */
  public Decider<S, E> withEventIds(EventIds ids) {
    return new Decider<>(category, stream, metadata, Objects.requireNonNull(ids, "ids"), loadMode, maxAttempts, minimumVersion, unchecked);
  }

  /** This decider loading states as {@code mode} says. */
  public Decider<S, E> withLoadMode(LoadMode mode) {
    return new Decider<>(category, stream, metadata, ids, Objects.requireNonNull(mode, "mode"), maxAttempts, minimumVersion, unchecked);
  }

  /** This decider deciding at most {@code maxAttempts} times per transact. */
  public Decider<S, E> withMaxAttempts(int maxAttempts) {
    return new Decider<>(category, stream, metadata, ids, loadMode, Category.requireAttempts(maxAttempts), minimumVersion, unchecked);
  }

  /**
   * This decider knowing that its stream has reached at least {@code version}, e.g. because a
   * reaction's input event is that version of it. A cached state at or above {@code version} is
   * then used without reading the store: loads and queries return it as it is (fresh up to the
   * known version, possibly missing later events written by other processes), and transacts
   * decide on it and verify it as {@link LoadMode#OPTIMISTIC} does, so a transact's outcome is
   * still {@link LoadMode#LATEST}'s. An older or missing cached state loads as the load mode says.
   * Ignored under {@link LoadMode#REQUIRE_LOAD}.
   */
  public Decider<S, E> withMinimumVersion(long version) {
    if (version < -1) {
      throw new IllegalArgumentException("minimum version must be -1 (empty stream) or more, was " + version + " for " + stream);
    }
    return new Decider<>(category, stream, metadata, ids, loadMode, maxAttempts, version, unchecked);
  }

  /**
   * This decider appending without a concurrency check ({@code ExpectedVersion.ANY}), on a state
   * read fresh from the store ({@link LoadMode#LATEST}, whatever the load mode). Only for decisions
   * whose events keep the stream's invariants whatever else was appended since the state was read,
   * and that are idempotent on their own: e.g. giving back or allocating units already held for
   * one order, which cannot oversell and which another writer of the stream cannot invalidate.
   * Such an append never fails with a conflict, so it never fights the stream's checked writers
   * (checkouts) for its version.
   */
  public Decider<S, E> withUncheckedAppends() {
    return new Decider<>(category, stream, metadata, ids, LoadMode.LATEST, maxAttempts, NO_MINIMUM, true);
  }

  /** True if this decider appends without a concurrency check ({@link #withUncheckedAppends()}). */
  public boolean uncheckedAppends() {
    return unchecked;
  }

  /** Loads the current state and its version; never writes. */
  public StreamState<S> load() {
    StreamState<S> known = knownCached();
    return known != null ? known : category.load(stream, loadMode);
  }

  /** The cached state when the minimum version makes it good enough to use unread, else null. */
  private @Nullable StreamState<S> knownCached() {
    if (minimumVersion == NO_MINIMUM || loadMode == LoadMode.REQUIRE_LOAD) {
      return null;
    }
    StreamState<S> cached = category.cached(stream);
    return cached != null && cached.version() >= minimumVersion ? cached : null;
  }

  /**
   * The state a transact starts from, or null to load it as the mode says: the cached state as it
   * is, still to be verified (by the append, or by a read when the decision writes nothing).
   */
  @Nullable StreamState<S> unverifiedStart(LoadMode mode) {
    StreamState<S> known = knownCached();
    if (known != null) {
      return known;
    }
    return mode == LoadMode.OPTIMISTIC ? category.cached(stream) : null;
  }

  /** Loads the state and renders {@code render} of it; never writes. */
  public <R> R query(Function<? super S, ? extends R> render) {
    return render.apply(load().state());
  }

  /**
   * Decides on the current state and appends the events {@code decide} returns (none: no write).
   *
   * @return the state after the transact and its version
   * @throws ConcurrencyConflictException when every attempt met a conflict
   */
  public StreamState<S> transact(Function<? super S, ? extends List<? extends E>> decide) {
    Objects.requireNonNull(decide, "decide");
    return run(s -> Decision.<Void, E>of(null, List.copyOf(decide.apply(s)))).state();
  }

  /**
   * Like {@link #transact(Function)}, for a decision that also returns a result to the caller.
   *
   * @return the result of the decision that was written (or that wrote nothing)
   * @throws ConcurrencyConflictException when every attempt met a conflict
   */
  // The result is the caller's own: null only when its decision's result was (generic nullness is beyond NullAway's non-JSpecify mode).
  @SuppressWarnings("NullAway")
  public <R> R transactWithResult(Function<? super S, Decision<R, E>> decide) {
    Objects.requireNonNull(decide, "decide");
    return run(decide).result();
  }

  private record Outcome<R, S>(@Nullable R result, StreamState<S> state) {}

  private <R> Outcome<R, S> run(Function<? super S, Decision<R, E>> decide) {
    StreamState<S> current = unverifiedStart(loadMode);
    // verified: the state is known current as of a store read (or ANY_CACHED's accepted staleness)
    boolean verified = current == null;
    if (current == null) {
      current = category.load(stream, loadMode);
    }
    int attempts = 0; // decisions on verified states that met a conflict
    while (true) {
      Decision<R, E> decision;
      try {
        decision = decide.apply(current.state());
      } catch (RuntimeException refusal) {
        if (!verified) {
          verified = true;
          StreamState<S> fresh = category.catchUp(stream, current);
          if (fresh.version() != current.version()) {
            current = fresh;
            continue; // refused on a stale state: decide again on the current one
          }
        }
        throw refusal;
      }
      if (decision.events().isEmpty()) {
        if (!verified) {
          verified = true;
          StreamState<S> fresh = category.catchUp(stream, current);
          if (fresh.version() != current.version()) {
            current = fresh;
            continue; // nothing to do on a stale state: decide again on the current one
          }
        }
        return new Outcome<>(decision.result(), current);
      }
      List<EventData> data = encode(category.codec(), stream, decision.events(), ids, metadata);
      AppendResult result = category.store().append(stream, unchecked ? ExpectedVersion.ANY : ExpectedVersion.of(current.version()), data);
      switch (result) {
        case AppendResult.Written written -> {
          return new Outcome<>(decision.result(), category.afterAppend(stream, current, decision.events(), written));
        }
        case AppendResult.Conflict conflict -> {
          if (verified) {
            attempts++;
            if (attempts >= maxAttempts) {
              throw new ConcurrencyConflictException(List.of(conflict), attempts);
            }
          }
          verified = true;
          current = category.catchUp(stream, current);
        }
      }
    }
  }

  static <E> List<EventData> encode(EventCodec<E> codec, StreamName stream, List<? extends E> events, EventIds ids, EventMetadata metadata) {
    List<EventData> data = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      data.add(codec.toEventData(events.get(i), ids.idFor(stream, i), metadata));
    }
    return data;
  }
}
