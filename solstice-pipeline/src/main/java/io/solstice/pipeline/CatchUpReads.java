package io.solstice.pipeline;

import io.solstice.core.RecordedEvent;
import io.solstice.core.store.EventStore;
import io.solstice.core.store.FeedFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads the catch-up pages of several detached partitions at once, for {@link StoreSource}.
 *
 * <p>A cold start (or a service far behind) catches up one page per partition per poll, and each
 * page costs the store's row decoding: profiled on a cold start of {@code bench pipeline}, the
 * reader thread spent 61% of the process's CPU in {@code readAll} while the second core was mostly
 * idle. The partitions' pages are independent (each has its own cursor and filter), so they are read
 * concurrently: the first on the calling thread, the others on a pool of platform threads shared by
 * the process and sized to its cores, each on its own pooled connection. Platform threads, as for
 * the store's writer: a JDBC driver in native code pins a virtual thread's carrier, and with as
 * many carriers as cores, reads in parallel on virtual threads would stall every other virtual
 * thread. Results come back in the order of the requests; the first failure is rethrown.
 */
final class CatchUpReads {
  private static final ExecutorService POOL = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(),
      Thread.ofPlatform().name("solstice-catchup-read-", 0).daemon(true).factory());

  /** One page to read: up to {@code max} events after {@code after} that match {@code filter}. */
  record Page(long after, int max, FeedFilter filter) {}

  private CatchUpReads() {}

  /** The pages' events, in the order of {@code pages}. */
  static List<List<RecordedEvent>> read(EventStore store, List<Page> pages) throws InterruptedException {
    if (pages.size() == 1) {
      Page p = pages.getFirst();
      return List.of(store.readAll(p.after(), p.max(), p.filter()));
    }
    List<Future<List<RecordedEvent>>> others = new ArrayList<>(pages.size() - 1);
    for (Page p : pages.subList(1, pages.size())) {
      others.add(POOL.submit(() -> store.readAll(p.after(), p.max(), p.filter())));
    }
    Page first = pages.getFirst();
    List<List<RecordedEvent>> results = new ArrayList<>(pages.size());
    results.add(store.readAll(first.after(), first.max(), first.filter()));
    for (Future<List<RecordedEvent>> f : others) {
      try {
        results.add(f.get());
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw new IllegalStateException(e.getCause());
      }
    }
    return results;
  }
}
