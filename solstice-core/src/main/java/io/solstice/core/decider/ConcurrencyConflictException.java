package io.solstice.core.decider;

import io.solstice.core.SolsticeException;
import io.solstice.core.StreamName;
import io.solstice.core.store.AppendResult;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A transact gave up: on every attempt another writer changed a stream between the load and the
 * append. Nothing of the last decision was written. The message names each conflicting stream with
 * the version expected and the version found, and the number of attempts.
 */
public final class ConcurrencyConflictException extends SolsticeException {
  private final List<AppendResult.Conflict> conflicts;
  private final int attempts;

  public ConcurrencyConflictException(List<AppendResult.Conflict> conflicts, int attempts) {
    super(describe(conflicts, attempts));
    this.conflicts = List.copyOf(conflicts);
    this.attempts = attempts;
  }

  private static String describe(List<AppendResult.Conflict> conflicts, int attempts) {
    String each = conflicts.stream()
        .map(c -> c.stream() + " expected version " + c.expected() + " but stream is at " + c.actualVersion())
        .collect(Collectors.joining(", "));
    return "append to " + each + " (" + attempts + (attempts == 1 ? " attempt" : " attempts")
        + "); the stream is contended: retry the command (it reloads and decides again) or raise maxAttempts";
  }

  /** The first conflicting stream. */
  public StreamName stream() {
    return conflicts.getFirst().stream();
  }

  /** The conflicts of the last attempt. */
  public List<AppendResult.Conflict> conflicts() {
    return conflicts;
  }

  /** How many times the decision was made and appended. */
  public int attempts() {
    return attempts;
  }
}
