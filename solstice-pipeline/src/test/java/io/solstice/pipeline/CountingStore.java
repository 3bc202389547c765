package io.solstice.pipeline;

import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import io.solstice.core.store.AppendRequest;
import io.solstice.core.store.CommitListener;
import io.solstice.core.store.EventStore;
import io.solstice.core.store.FeedFilter;
import io.solstice.core.store.MultiAppendResult;
import io.solstice.core.store.Snapshot;
import io.solstice.core.store.TenantDirectory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** A store that counts reads of its feed ({@link #readAll}) and passes everything to another. */
final class CountingStore implements EventStore {
  final AtomicLong feedReads = new AtomicLong();
  private final EventStore store;

  CountingStore(EventStore store) {
    this.store = store;
  }

  @Override
  public MultiAppendResult appendAll(List<AppendRequest> requests) {
    return store.appendAll(requests);
  }

  @Override
  public List<RecordedEvent> read(StreamName stream, long fromVersion, int max) {
    return store.read(stream, fromVersion, max);
  }

  @Override
  public List<RecordedEvent> readBackward(StreamName stream, long fromVersion, int max) {
    return store.readBackward(stream, fromVersion, max);
  }

  @Override
  public long version(StreamName stream) {
    return store.version(stream);
  }

  @Override
  public List<RecordedEvent> readAll(long after, int max, FeedFilter filter) {
    feedReads.incrementAndGet();
    return store.readAll(after, max, filter);
  }

  @Override
  public long headPosition() {
    return store.headPosition();
  }

  @Override
  public boolean awaitAppend(long after, Duration timeout) throws InterruptedException {
    return store.awaitAppend(after, timeout);
  }

  @Override
  public CommitListener.Registration onCommit(CommitListener listener) {
    return store.onCommit(listener);
  }

  @Override
  public void writeSnapshot(Snapshot snapshot) {
    store.writeSnapshot(snapshot);
  }

  @Override
  public Optional<Snapshot> readSnapshot(StreamName stream, int schema) {
    return store.readSnapshot(stream, schema);
  }

  @Override
  public TenantDirectory tenants() {
    return store.tenants();
  }

  @Override
  public void close() {
    store.close();
  }

  @Override
  public String toString() {
    return "CountingStore[" + store + "]";
  }
}
