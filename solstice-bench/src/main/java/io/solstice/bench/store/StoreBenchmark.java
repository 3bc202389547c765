package io.solstice.bench.store;

import io.solstice.bench.Machine;
import io.solstice.core.store.EventStore;
import io.solstice.core.store.TenantPlacement;
import java.io.PrintWriter;
import java.util.Objects;

/**
 * The store benchmark ({@code solstice bench store}): measures the production append path against
 * two baselines, in one run, on the same database, schema and indexes.
 *
 * <ol>
 *   <li><b>group commit</b> — the store as configured for production: W writers append 1–5 events
 *       to random streams with exact expected versions (see {@link ConcurrentWriters});
 *   <li><b>naive</b> — the same writers and checks, but each append its own transaction, nothing
 *       shared between appends;
 *   <li><b>ceiling</b> — one connection inserting raw 1,000-row batches with no checks ({@link
 *       CeilingInserter}).
 * </ol>
 *
 * After each phase the events in the database are counted and compared with the events
 * acknowledged; the report says whether they matched in every phase. Tenants are registered in the
 * tenant directory before any append.
 */
public final class StoreBenchmark {

  static final String GROUP_COMMIT = "group commit";
  static final String NAIVE = "naive";
  static final String CEILING = "ceiling";

  private final BenchDatabase database;
  private final StoreBenchSettings settings;
  private final PrintWriter progressOut;

  /**
   * @param progressOut where to print progress once a second (normally stderr), or null for none
   */
  public StoreBenchmark(BenchDatabase database, StoreBenchSettings settings, PrintWriter progressOut) {
    this.database = Objects.requireNonNull(database, "database");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.progressOut = progressOut;
  }

  /** Runs the three phases one after another and reports them. */
  public StoreBenchReport run() {
    double loadAtStart = Machine.loadAverage1m();
    try (ProgressDisplay progress = ProgressDisplay.start(progressOut, settings.phaseDuration())) {
      PhaseResult groupCommit = writersPhase(GROUP_COMMIT, true, "GroupCommit", progress);
      PhaseResult naive = writersPhase(NAIVE, false, "Naive", progress);
      PhaseResult ceiling = ceilingPhase(progress);
      return new StoreBenchReport(settings, database.description(), groupCommit, naive, ceiling, loadAtStart, Machine.loadAverage1m());
    }
  }

  private PhaseResult writersPhase(String name, boolean groupCommit, String category, ProgressDisplay progress) {
    try (EventStore store = database.open(groupCommit, settings.writers())) {
      registerTenants(store);
      long before = database.countEvents(store);
      ConcurrentWriters.Outcome outcome = ConcurrentWriters.run(
          store, BenchWorkload.forCategory(category, settings.eventIds()), settings.writers(), settings.phaseDuration(), name, progress::follow);
      long after = database.countEvents(store);
      return result(name, outcome, after - before);
    }
  }

  private PhaseResult ceilingPhase(ProgressDisplay progress) {
    try (EventStore store = database.open(true, 1)) {
      registerTenants(store);
      long before = database.countEvents(store);
      ConcurrentWriters.Outcome outcome = CeilingInserter.run(
          database, store, BenchWorkload.forCategory("Ceiling", settings.eventIds()), settings.phaseDuration(), CEILING, progress::follow);
      long after = database.countEvents(store);
      return result(CEILING, outcome, after - before);
    }
  }

  private static void registerTenants(EventStore store) {
    for (String tenant : BenchWorkload.tenantIds()) {
      store.tenants().register(tenant, TenantPlacement.POOLED_STORE);
    }
  }

  private static PhaseResult result(String name, ConcurrentWriters.Outcome outcome, long rowsCounted) {
    return new PhaseResult(
        name, outcome.elapsed(), outcome.appends(), outcome.events(), outcome.conflicts(), outcome.latency(), rowsCounted);
  }
}
