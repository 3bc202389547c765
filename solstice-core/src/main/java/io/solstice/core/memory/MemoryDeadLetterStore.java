package io.solstice.core.memory;

import io.solstice.core.store.DeadLetter;
import io.solstice.core.store.DeadLetterStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An in-memory {@link DeadLetterStore} for tests and the embedded demo. Ids start at 1 and grow;
 * parking the same event ({@code eventId}) for the same service again updates its entry (attempts,
 * error, parked time, status {@code PARKED}) and keeps its id. Thread-safe.
 */
public final class MemoryDeadLetterStore implements DeadLetterStore {

  private final ReentrantLock lock = new ReentrantLock();
  private final TreeMap<Long, DeadLetter> letters = new TreeMap<>();
  private long nextId = 1;

  @Override
  public long park(DeadLetter letter) {
    Objects.requireNonNull(letter, "letter");
    lock.lock();
    try {
      for (Map.Entry<Long, DeadLetter> e : letters.entrySet()) {
        DeadLetter old = e.getValue();
        if (old.service().equals(letter.service()) && old.eventId().equals(letter.eventId())) {
          DeadLetter updated = letter.withId(old.id()).withStatus(DeadLetter.Status.PARKED);
          letters.put(old.id(), updated);
          return old.id();
        }
      }
      long id = nextId++;
      DeadLetter stored = letter.withId(id).withStatus(DeadLetter.Status.PARKED);
      if (stored.parkedAt() == null) {
        stored = new DeadLetter(id, stored.service(), stored.stream(), stored.version(), stored.position(), stored.eventId(),
            stored.eventType(), stored.attempts(), stored.error(), Instant.now(), stored.status());
      }
      letters.put(id, stored);
      return id;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<DeadLetter> list(String service, DeadLetter.Status status, int max) {
    if (max < 0) {
      throw new IllegalArgumentException("max must be >= 0, was " + max);
    }
    lock.lock();
    try {
      List<DeadLetter> result = new ArrayList<>();
      for (DeadLetter l : letters.values()) {
        if (result.size() >= max) {
          break;
        }
        if ((service == null || service.equals(l.service())) && (status == null || status == l.status())) {
          result.add(l);
        }
      }
      return result;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<DeadLetter> find(long id) {
    lock.lock();
    try {
      return Optional.ofNullable(letters.get(id));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean updateStatus(long id, DeadLetter.Status status) {
    Objects.requireNonNull(status, "status");
    lock.lock();
    try {
      DeadLetter l = letters.get(id);
      if (l == null) {
        return false;
      }
      letters.put(id, l.withStatus(status));
      return true;
    } finally {
      lock.unlock();
    }
  }
}
