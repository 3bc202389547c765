package io.solstice.pipeline;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.solstice.core.RecordedEvent;
import io.solstice.core.store.CheckpointKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reading side of a {@link ServiceRunner}: one <b>reader</b> thread per source polls it with
 * the scheduler's read-ahead room, decodes each delivery outside the lock (skips complete at once),
 * then, under the lock, registers the delivery as a page and queues its inputs. When a partition's
 * read-ahead is full and nothing else came, the reader waits briefly for capacity: that is the
 * backpressure. A source that fails to read is retried every second, with one WARN line each time.
 */
final class SourceReading<I, O> {
  private static final Logger log = LoggerFactory.getLogger(ServiceRunner.class);
  private static final long HELD_WAIT_MILLIS = 20;

  private final RunnerCore<I> core;
  private final Service<I, O> service;
  private final HostSettings host;
  private final ServiceTracing tracing;
  private final ServiceFigures<I> figures;
  private final AtomicInteger readersPolled = new AtomicInteger();
  private final AtomicLong heldPolls = new AtomicLong();

  SourceReading(RunnerCore<I> core, Service<I, O> service, HostSettings host, ServiceTracing tracing, ServiceFigures<I> figures) {
    this.core = core;
    this.service = service;
    this.host = host;
    this.tracing = tracing;
    this.figures = figures;
  }

  /** How many readers have polled their source at least once. */
  int readersPolled() {
    return readersPolled.get();
  }

  /** How many polls found a partition's read-ahead full and nothing else to read. */
  long heldPolls() {
    return heldPolls.get();
  }

  /** A reader thread's loop: polls {@code reader} and ingests what it delivers, until the service stops. */
  void loop(Source source, Source.Reader reader) throws InterruptedException {
    boolean first = true;
    while (core.running()) {
      Source.Poll poll;
      try {
        poll = reader.poll(this::room, host.pollWait());
      } catch (InterruptedException e) {
        throw e;
      } catch (RuntimeException e) {
        if (!core.running()) {
          return;
        }
        log.warn("service {}: reading {} failed; retrying in 1s: {}", core.name, source.uri(), e.toString());
        host.sleeper().sleep(Duration.ofSeconds(1));
        continue;
      }
      if (first) {
        readersPolled.incrementAndGet();
        first = false;
      }
      for (Delivery d : poll.deliveries()) {
        ingest(reader, source, d);
      }
      if (poll.deliveries().isEmpty() && poll.held()) {
        heldPolls.incrementAndGet();
        core.lock.lock();
        try {
          if (core.running()) {
            core.capacityFreed.await(HELD_WAIT_MILLIS, TimeUnit.MILLISECONDS);
          }
        } finally {
          core.lock.unlock();
        }
      }
    }
  }

  private int room(SourcePartition partition) {
    return core.locked(() -> core.scheduler.room(partition));
  }

  private void ingest(Source.Reader reader, Source source, Delivery delivery) {
    List<RecordedEvent> events = delivery.events();
    StreamScheduler.PartitionState ps = partitionState(delivery.partition(), reader, source);
    List<Item<I>> items = new ArrayList<>(events.size());
    for (RecordedEvent event : events) {
      Item<I> item = decode(event, ps);
      if (item != null) {
        items.add(item);
      }
    }
    core.lock.lock();
    try {
      if (!core.running() || ps.removed) {
        return;
      }
      core.scheduler.ingest(ps, items, delivery.lastOffset(),
          events.isEmpty() ? host.clock().millis() : events.getFirst().timestamp().toEpochMilli());
      for (Item<I> item : items) {
        figures.of(item.event.stream().tenant());
      }
      if (!items.isEmpty()) {
        core.workAvailable.signal();
      }
    } finally {
      core.lock.unlock();
    }
  }

  private StreamScheduler.PartitionState partitionState(SourcePartition partition, Source.Reader reader, Source source) {
    StreamScheduler.PartitionState existing = core.locked(() -> core.scheduler.existing(partition));
    if (existing != null) {
      return existing;
    }
    long start = source.ownsCheckpoints() ? Long.MIN_VALUE : loadCheckpoint(partition);
    return core.locked(() -> core.scheduler.partition(partition, start, reader));
  }

  /** The stored checkpoint of {@code partition} for this service. */
  long loadCheckpoint(SourcePartition partition) {
    return host.checkpoints().load(new CheckpointKey(core.name, partition.tenantTag(), partition.name()));
  }

  /** Decodes an event into an item (or null when the decoder skips it; a decoding error becomes a failing item). */
  Item<I> decode(RecordedEvent event, StreamScheduler.PartitionState ps) {
    ServiceMetrics.Tenant meters = figures.of(event.stream().tenant()).meters();
    Span span = tracing.enabled() ? tracing.start("decode", tracing.parent(event), event, 1) : Span.getInvalid();
    long t0 = System.nanoTime();
    try {
      Optional<I> input = service.decoder().decode(event);
      if (input.isEmpty()) {
        meters.skipped.increment();
        return null;
      }
      return Item.of(event, input.get(), ps);
    } catch (Exception e) {
      span.recordException(e);
      span.setStatus(StatusCode.ERROR);
      return Item.undecodable(event, e, ps);
    } finally {
      meters.decode.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
      span.end();
    }
  }
}
