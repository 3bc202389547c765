package io.solstice.pipeline;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the parts of one {@link ServiceRunner} share: its one lock with the conditions waited on
 * under it, the {@link StreamScheduler} that lock guards, the count of spans in flight, and the run
 * state. The parts (reading, dispatching, checkpoints, figures) each hold this core, never each
 * other's fields.
 *
 * <p>Guarantees: {@link #scheduler} and {@link #busySpans} are only touched with {@link #lock}
 * held; {@link #state} is volatile and read without it; the lock is never held around user code
 * or I/O.
 */
final class RunnerCore<I> {
  private static final Logger log = LoggerFactory.getLogger(ServiceRunner.class);

  final String name;
  final StreamScheduler<I> scheduler;
  final ReentrantLock lock = new ReentrantLock();
  /** Signalled when a stream became ready (inputs queued, a span finished, a retry woke). */
  final Condition workAvailable = lock.newCondition();
  /** Signalled when read-ahead room was freed, so a held reader reads on. */
  final Condition capacityFreed = lock.newCondition();
  /** Signalled when a span ended, for stopping and for releasing partitions. */
  final Condition spansDone = lock.newCondition();
  /** Spans taken and not yet finished; guarded by {@link #lock}. */
  int busySpans;
  volatile ServiceRunner.State state = ServiceRunner.State.NEW;
  volatile Throwable fatal;

  RunnerCore(String name, StreamScheduler<I> scheduler) {
    this.name = name;
    this.scheduler = scheduler;
  }

  boolean running() {
    return state == ServiceRunner.State.RUNNING;
  }

  /** {@code body}'s answer, computed under the lock. */
  <T> T locked(Supplier<T> body) {
    lock.lock();
    try {
      return body.get();
    } finally {
      lock.unlock();
    }
  }

  /** An internal thread failed: the service is no longer live. */
  void die(Throwable t, String what) {
    fatal = t;
    state = ServiceRunner.State.FAILED;
    log.error("service {}: {}; the service is no longer live", name, what, t);
  }
}
