package io.solstice.pipeline;

import io.solstice.core.store.Lease;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service of a {@link ServiceHost} across its lease terms: with no lease needed it runs one
 * {@link ServiceRunner} from start to stop; with a lease (a service on a shared store feed, several
 * processes) it stands by until the {@link LeaseKeeper} grants the lease, then runs a fresh runner
 * fenced by that grant, and stops it at once when the lease is lost (a runner is never restarted:
 * each term gets a new one, starting from the stored checkpoints).
 */
final class ServiceSlot {
  private static final Logger log = LoggerFactory.getLogger(ServiceSlot.class);
  private static final Duration LOST_STOP_TIMEOUT = Duration.ofSeconds(5);

  /** What the slot is doing. */
  enum Role { NEW, STANDBY, ACTIVE, STOPPED }

  private final String name;
  private final BiFunction<Lease, Runnable, ServiceRunner<?, ?>> runners;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile ServiceRunner<?, ?> runner;
  private volatile Role role = Role.NEW;
  private LeaseKeeper keeper;
  private LeaseKeeper.Claim claim;

  /** {@code runners} builds a runner for a lease term (null: no lease) with what to call when its writes are fenced out. */
  ServiceSlot(String name, BiFunction<Lease, Runnable, ServiceRunner<?, ?>> runners) {
    this.name = name;
    this.runners = runners;
  }

  String name() {
    return name;
  }

  Role role() {
    return role;
  }

  /** The runner of the current term, or null while standing by. */
  ServiceRunner<?, ?> runner() {
    return runner;
  }

  /** Runs at once, unleased (one process, or a source that spreads work itself, such as Kafka). */
  void startUnleased() {
    activate(null);
  }

  /** Stands by for lease {@code leaseName}: runs whenever {@code keeper} grants it. */
  void startLeased(LeaseKeeper keeper, String leaseName) {
    lock.lock();
    try {
      this.keeper = keeper;
      role = Role.STANDBY;
      claim = keeper.claim(leaseName, new LeaseKeeper.Claim.Listener() {
        @Override
        public void acquired(Lease lease) {
          activate(lease);
        }

        @Override
        public void lost(Lease lease) {
          deactivate();
        }
      });
    } finally {
      lock.unlock();
    }
    log.info("service {} standing by for lease {}", name, leaseName);
  }

  private void activate(Lease lease) {
    lock.lock();
    try {
      if (role == Role.STOPPED) {
        return;
      }
      ServiceRunner<?, ?> r = runners.apply(lease, () -> fencedOut(lease));
      runner = r;
      role = Role.ACTIVE;
      r.start();
    } finally {
      lock.unlock();
    }
  }

  /** The runner's fenced write was refused: the lease is gone, though the keeper has not noticed yet. */
  private void fencedOut(Lease lease) {
    if (keeper != null && claim != null) {
      keeper.reportLost(claim, lease);
    }
  }

  /** The lease is lost: stop the current runner in the background (without storing checkpoints) and stand by. */
  private void deactivate() {
    ServiceRunner<?, ?> r;
    lock.lock();
    try {
      r = runner;
      runner = null;
      if (role == Role.ACTIVE) {
        role = Role.STANDBY;
      }
    } finally {
      lock.unlock();
    }
    if (r != null) {
      Thread.ofVirtual().name(name + "-fenced-stop").start(() -> r.stop(LOST_STOP_TIMEOUT, false));
    }
  }

  /** Stops for good: the runner finishes its work and stores its checkpoints, then the lease is released. */
  void stop(Duration timeout) {
    ServiceRunner<?, ?> r;
    lock.lock();
    try {
      role = Role.STOPPED;
      r = runner;
    } finally {
      lock.unlock();
    }
    if (r != null) {
      r.stop(timeout, true);
    }
    if (keeper != null && claim != null) {
      keeper.withdraw(claim);
    }
  }

  /** Crash simulation for tests. */
  void abort() {
    role = Role.STOPPED;
    ServiceRunner<?, ?> r = runner;
    if (r != null) {
      r.abort();
    }
  }
}
