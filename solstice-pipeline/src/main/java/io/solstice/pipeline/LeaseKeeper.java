package io.solstice.pipeline;

import io.solstice.core.store.Lease;
import io.solstice.core.store.LeaseStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes and keeps the leases of one process, so that of several processes on one store at most one
 * runs each role (a service on the store feed, the Kafka publisher) while the others stand by.
 *
 * <h2>Algorithm</h2>
 *
 * One virtual thread of its own (never the work loops, so a busy service cannot starve it) runs a
 * cycle every {@code ttl / 5}:
 *
 * <ol>
 *   <li>If the leases held are due (a third of the TTL since their last renewal), renews them all
 *       in one statement. Every lease not renewed is lost: its {@link Claim.Listener#lost} is called
 *       at once. An error (the database unreachable, the connection cut) is doubt, and doubt counts
 *       as loss: every held lease is given up, since another process may take them over after the
 *       TTL while this one cannot tell.
 *   <li>For every claim without a lease, tries to take it; on success {@link
 *       Claim.Listener#acquired} runs with the grant, whose token fences the role's writes.
 * </ol>
 *
 * Listeners run on the keeper's thread and must only start or stop work (on other threads), never
 * wait for it. {@link #close()} releases every held lease so that standbys take over at once.
 */
public final class LeaseKeeper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

  private final LeaseStore store;
  private final String holder;
  private final Duration ttl;
  private final Sleeper sleeper;
  private final List<Claim> claims = new CopyOnWriteArrayList<>();
  private Thread thread;
  private volatile boolean closed;
  private long lastRenewalNanos;

  /**
   * A keeper for {@code holder} (this process's instance id) granting leases for {@code ttl}; a
   * standby takes over an abandoned lease within about {@code ttl} (at once on PostgreSQL when the
   * holder's process died).
   */
  public LeaseKeeper(LeaseStore store, String holder, Duration ttl, Sleeper sleeper) {
    this.store = Objects.requireNonNull(store, "store");
    this.holder = Objects.requireNonNull(holder, "holder");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    if (ttl.toMillis() < 500) {
      throw new IllegalArgumentException("lease ttl must be at least 500 ms, was " + ttl);
    }
    this.ttl = ttl;
  }

  /** This process's holder id. */
  public String holder() {
    return holder;
  }

  /** The lease time-to-live. */
  public Duration ttl() {
    return ttl;
  }

  /** Wants lease {@code name}: the keeper takes it when free, keeps it, and tells {@code listener}. */
  public Claim claim(String name, Claim.Listener listener) {
    Claim c = new Claim(name, listener);
    claims.add(c);
    return c;
  }

  /**
   * Tries once, now, to take lease {@code name}: if granted, the keeper keeps it from then on (and
   * tells {@code listener} if it is lost) and the claim is returned; if another holder has it,
   * nothing is claimed. For roles that must refuse to start rather than stand by.
   */
  public Optional<Claim> claimNow(String name, Claim.Listener listener) {
    Optional<Lease> lease = store.tryAcquire(name, holder, ttl);
    if (lease.isEmpty()) {
      return Optional.empty();
    }
    Claim c = new Claim(name, listener);
    c.lease = lease.get();
    claims.add(c);
    log.info("lease {} taken by {} (token {})", name, holder, lease.get().token());
    return Optional.of(c);
  }

  /** Starts the keeper's thread (the first cycle runs at once). */
  public synchronized void start() {
    if (thread == null) {
      thread = Thread.ofVirtual().name("solstice-leases").start(this::run);
    }
  }

  /** Runs one cycle now (renew if due, then try the unheld claims). For tests and for start-up. */
  void cycle() {
    List<Claim> held = claims.stream().filter(c -> c.lease != null).toList();
    if (!held.isEmpty() && System.nanoTime() - lastRenewalNanos >= ttl.toNanos() / 3) {
      renew(held);
    }
    for (Claim c : claims) {
      if (c.lease == null && !c.withdrawn && !closed) {
        try {
          store.tryAcquire(c.name, holder, ttl).ifPresent(lease -> grant(c, lease));
        } catch (RuntimeException e) {
          log.warn("lease {}: could not try to take it: {}", c.name, e.toString());
          return;
        }
      }
    }
  }

  private void renew(List<Claim> held) {
    Set<Lease> renewed;
    try {
      List<Lease> leases = new ArrayList<>();
      held.forEach(c -> leases.add(c.lease));
      renewed = store.renew(leases, ttl);
      lastRenewalNanos = System.nanoTime();
    } catch (RuntimeException e) {
      log.warn("renewing {} lease(s) failed; giving them up, as another instance may take them over: {}", held.size(), e.toString());
      renewed = new HashSet<>();
    }
    for (Claim c : held) {
      if (!renewed.contains(c.lease)) {
        lose(c);
      }
    }
  }

  private void grant(Claim c, Lease lease) {
    c.lease = lease;
    lastRenewalNanos = System.nanoTime();
    log.info("lease {} taken by {} (token {}); active", c.name, holder, lease.token());
    try {
      c.listener.acquired(lease);
    } catch (RuntimeException e) {
      log.error("lease {}: starting the work it covers failed; releasing it", c.name, e);
      Lease l = c.lease;
      c.lease = null;
      releaseQuietly(l);
    }
  }

  private void lose(Claim c) {
    Lease lost = c.lease;
    if (lost == null) {
      return;
    }
    c.lease = null;
    log.warn("lease {} (token {}) lost by {}; stopping its work and standing by", c.name, lost.token(), holder);
    try {
      c.listener.lost(lost);
    } catch (RuntimeException e) {
      log.error("lease {}: stopping the work it covered failed", c.name, e);
    }
  }

  /**
   * Reports that a write fenced by {@code lease} was refused (another instance took it over before
   * this keeper noticed): the claim's listener is told it is lost, and the keeper tries again later.
   */
  public void reportLost(Claim c, Lease lease) {
    synchronized (c) {
      if (c.lease != null && c.lease.equals(lease)) {
        lose(c);
      }
    }
  }

  private void run() {
    while (!closed) {
      try {
        cycle();
      } catch (RuntimeException e) {
        log.warn("lease keeper cycle failed: {}", e.toString());
      }
      try {
        sleeper.sleep(ttl.dividedBy(5));
      } catch (InterruptedException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void releaseQuietly(Lease lease) {
    try {
      store.release(lease);
    } catch (RuntimeException e) {
      log.debug("releasing lease {} failed: {}", lease.name(), e.toString());
    }
  }

  /** Gives up {@code claim}: its lease (if held) is released and it is not taken again. The caller has stopped its work. */
  public void withdraw(Claim claim) {
    claim.withdrawn = true;
    Lease l = claim.lease;
    claim.lease = null;
    if (l != null) {
      releaseQuietly(l);
    }
  }

  /** For tests: stops the keeper's thread as a crash would, renewing and releasing nothing. */
  void abort() {
    closed = true;
    if (thread != null) {
      thread.interrupt();
    }
  }

  /** Stops the keeper and releases every held lease (callers stop their work first). */
  @Override
  public void close() {
    closed = true;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (Claim c : claims) {
      withdraw(c);
    }
  }

  /** A lease this process wants. */
  public static final class Claim {
    private final String name;
    private final Listener listener;
    private volatile Lease lease;
    private volatile boolean withdrawn;

    private Claim(String name, Listener listener) {
      this.name = name;
      this.listener = listener;
    }

    public String name() {
      return name;
    }

    /** The lease while held, else null (standing by). */
    public Lease lease() {
      return lease;
    }

    /** Told when the lease is granted and when it is lost. */
    public interface Listener {
      /** The lease is ours: start the work it covers, fencing its writes with {@code lease}. */
      void acquired(Lease lease);

      /** The lease is gone (or in doubt): stop the work at once; do not write for it any more. */
      void lost(Lease lease);
    }
  }
}
