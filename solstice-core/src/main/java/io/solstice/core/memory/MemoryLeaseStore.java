package io.solstice.core.memory;

import io.solstice.core.store.Lease;
import io.solstice.core.store.LeaseStore;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** An in-memory {@link LeaseStore} for tests: expiry by the given clock; a holder never vanishes otherwise. Thread-safe. */
public final class MemoryLeaseStore implements LeaseStore {
  private final InstantSource clock;
  private final Map<String, Entry> leases = new TreeMap<>();

  private record Entry(String holder, long token, long expiresAtMillis) {}

  public MemoryLeaseStore() {
    this(Clock.systemUTC());
  }

  public MemoryLeaseStore(InstantSource clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public synchronized Optional<Lease> tryAcquire(String name, String holder, Duration ttl) {
    long now = clock.millis();
    Entry e = leases.get(name);
    if (e != null && e.expiresAtMillis() > now && !e.holder().equals(holder)) {
      return Optional.empty();
    }
    long token = e == null ? 1 : e.token() + 1;
    leases.put(name, new Entry(holder, token, now + ttl.toMillis()));
    return Optional.of(new Lease(name, holder, token));
  }

  @Override
  public synchronized Set<Lease> renew(Collection<Lease> held, Duration ttl) {
    long now = clock.millis();
    Set<Lease> renewed = new HashSet<>();
    for (Lease l : held) {
      Entry e = leases.get(l.name());
      if (e != null && e.holder().equals(l.holder()) && e.token() == l.token() && e.expiresAtMillis() > now) {
        leases.put(l.name(), new Entry(e.holder(), e.token(), now + ttl.toMillis()));
        renewed.add(l);
      }
    }
    return renewed;
  }

  @Override
  public synchronized void release(Lease lease) {
    Entry e = leases.get(lease.name());
    if (e != null && e.holder().equals(lease.holder()) && e.token() == lease.token()) {
      leases.put(lease.name(), new Entry(e.holder(), e.token(), 0));
    }
  }

  /** True if {@code lease} is the current grant and unexpired (for a fenced write). */
  public synchronized boolean holds(Lease lease) {
    Entry e = leases.get(lease.name());
    return e != null && e.holder().equals(lease.holder()) && e.token() == lease.token() && e.expiresAtMillis() > clock.millis();
  }

  @Override
  public synchronized List<LeaseInfo> list() {
    long now = clock.millis();
    List<LeaseInfo> result = new ArrayList<>();
    leases.forEach((name, e) -> result.add(new LeaseInfo(name, e.holder(), e.token(), e.expiresAtMillis() > now)));
    return result;
  }
}
