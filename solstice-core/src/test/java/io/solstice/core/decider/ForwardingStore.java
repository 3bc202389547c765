package io.solstice.core.decider;

import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import io.solstice.core.store.AppendRequest;
import io.solstice.core.store.EventStore;
import io.solstice.core.store.FeedFilter;
import io.solstice.core.store.MultiAppendResult;
import io.solstice.core.store.Snapshot;
import io.solstice.core.store.TenantDirectory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** A fake store wrapping a real one (the MemoryStore), for counting reads or injecting contention. */
class ForwardingStore implements EventStore {
  final EventStore delegate;
  final AtomicLong reads = new AtomicLong();
  final AtomicLong eventsRead = new AtomicLong();
  final AtomicLong snapshotReads = new AtomicLong();
  final AtomicLong appends = new AtomicLong();

  ForwardingStore(EventStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public MultiAppendResult appendAll(List<AppendRequest> requests) {
    appends.incrementAndGet();
    return delegate.appendAll(requests);
  }

  @Override
  public List<RecordedEvent> read(StreamName stream, long fromVersion, int max) {
    List<RecordedEvent> events = delegate.read(stream, fromVersion, max);
    reads.incrementAndGet();
    eventsRead.addAndGet(events.size());
    return events;
  }

  @Override
  public List<RecordedEvent> readBackward(StreamName stream, long fromVersion, int max) {
    return delegate.readBackward(stream, fromVersion, max);
  }

  @Override
  public long version(StreamName stream) {
    return delegate.version(stream);
  }

  @Override
  public List<RecordedEvent> readAll(long after, int max, FeedFilter filter) {
    return delegate.readAll(after, max, filter);
  }

  @Override
  public long headPosition() {
    return delegate.headPosition();
  }

  @Override
  public boolean awaitAppend(long after, Duration timeout) throws InterruptedException {
    return delegate.awaitAppend(after, timeout);
  }

  @Override
  public void writeSnapshot(Snapshot snapshot) {
    delegate.writeSnapshot(snapshot);
  }

  @Override
  public Optional<Snapshot> readSnapshot(StreamName stream, int schema) {
    snapshotReads.incrementAndGet();
    return delegate.readSnapshot(stream, schema);
  }

  @Override
  public TenantDirectory tenants() {
    return delegate.tenants();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
