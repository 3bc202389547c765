package io.solstice.core.store;

import java.util.List;

/** The outcome of an atomic multi-stream append: every stream written, or none. */
public sealed interface MultiAppendResult {

  /** Every stream's events are stored, in one transaction. Results are in request order. */
  record Committed(List<AppendResult.Written> results) implements MultiAppendResult {
    public Committed {
      results = List.copyOf(results);
    }
  }

  /** Nothing was written: at least one stream was not at its expected version. Lists each such stream. */
  record Rejected(List<AppendResult.Conflict> conflicts) implements MultiAppendResult {
    public Rejected {
      conflicts = List.copyOf(conflicts);
    }
  }
}
