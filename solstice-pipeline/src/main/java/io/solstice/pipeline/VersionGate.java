package io.solstice.pipeline;

import io.solstice.core.StreamName;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * Detects input a consumer has already applied, per stream, by version. A projection that records
 * the last version it applied for each stream (next to its own data, in the same transaction) asks
 * {@link #isNew} before applying an event and calls {@link #applied} after; a redelivered event
 * (version at or below the recorded one) is then skipped.
 *
 * <p>The gate caches the last applied version per stream and asks {@code loader} the first time it
 * sees a stream (return -1 when nothing was applied). Thread-safe; a stream is handled by one
 * thread at a time under {@link Parallelism#byStream()}, which is what makes check-then-apply safe.
 */
public final class VersionGate {

  private final ToLongFunction<StreamName> loader;
  private final ConcurrentHashMap<StreamName, Long> applied = new ConcurrentHashMap<>();

  /** A gate whose memory starts empty (-1 for every stream). */
  public VersionGate() {
    this(stream -> -1L);
  }

  /** A gate that loads the last applied version of a stream it has not seen from {@code loader}. */
  public VersionGate(ToLongFunction<StreamName> loader) {
    this.loader = Objects.requireNonNull(loader, "loader");
  }

  /** True when {@code version} of {@code stream} is past the last applied one. */
  public boolean isNew(StreamName stream, long version) {
    return version > lastApplied(stream);
  }

  /** The last version applied for {@code stream}, -1 when none. */
  public long lastApplied(StreamName stream) {
    return applied.computeIfAbsent(stream, loader::applyAsLong);
  }

  /** Records that {@code version} of {@code stream} is applied (never moves backwards). */
  public void applied(StreamName stream, long version) {
    applied.merge(stream, version, Math::max);
  }
}
