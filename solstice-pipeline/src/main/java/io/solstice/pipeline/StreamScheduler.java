package io.solstice.pipeline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The scheduling state of one service: which inputs wait on which stream, which streams are ready,
 * and how far each source partition is completed. Single-threaded: the {@link ServiceRunner} calls
 * it under its one lock, never around handler code or I/O.
 *
 * <h2>Algorithm</h2>
 *
 * <ul>
 *   <li><b>Per-stream order.</b> Inputs are queued per key (the stream under {@link
 *       Parallelism#byStream()}). A key is in one of four states: idle (nothing pending), ready
 *       (queued in its tenant's lane), busy (a span of it is being handled) or sleeping (its head
 *       input failed and waits for its retry). {@link #take()} moves a ready key to busy with up to
 *       {@code maxSpan} of its inputs, in order; only {@link #finish} or {@link #sleep} end a span, and
 *       a key is never made ready while busy or sleeping, so at most one span per key runs at a time
 *       and a key's inputs are handled in arrival order.
 *   <li><b>Fairness.</b> Ready keys wait in a FIFO lane per tenant; lanes with a ready key wait in a
 *       FIFO ring. {@link #take()} takes the first key of the first lane and moves that lane to the
 *       back, so tenants are served in turn whatever their backlog.
 *   <li><b>Read-ahead.</b> Each partition's inputs read but not completed are counted; {@link
 *       #room} is {@code maxReadAhead} minus that count, and sources read no more of a partition
 *       without room.
 *   <li><b>Checkpoints.</b> Each partition has a {@link CheckpointTracker}: a delivery registers a
 *       page, completing inputs completes them in their page, and the checkpoint only moves over
 *       contiguously completed pages. A sleeping key's failed input keeps its page open, so the
 *       checkpoint cannot pass it.
 * </ul>
 *
 * A sleeping key holds no slot: the runner releases it and {@link #wake}s the key when its backoff
 * is over, so halted or retrying streams never keep others from running.
 */
final class StreamScheduler<I> {

  private final Scheduling limits;
  private final Function<Item<I>, Object> keyOf;
  private final Map<SourcePartition, PartitionState> partitions = new LinkedHashMap<>();
  private final Map<Object, Key<I>> keys = new HashMap<>();
  private final Map<String, Lane> lanes = new HashMap<>();
  private final ArrayDeque<Lane> readyLanes = new ArrayDeque<>();
  private long peakOutstanding;

  StreamScheduler(Scheduling limits, Function<Item<I>, Object> keyOf) {
    this.limits = limits;
    this.keyOf = keyOf;
  }

  // ---------------------------------------------------------------- partitions

  /** The state of {@code partition}, created starting after {@code checkpoint} if new. */
  PartitionState partition(SourcePartition partition, long checkpoint, Object source) {
    PartitionState s = partitions.get(partition);
    if (s == null) {
      s = new PartitionState(partition, checkpoint, source);
      partitions.put(partition, s);
    }
    return s;
  }

  /** The state of {@code partition}, or null if it has none. */
  PartitionState existing(SourcePartition partition) {
    return partitions.get(partition);
  }

  /** How many more inputs of {@code partition} may be read before its read-ahead is full. */
  int room(SourcePartition partition) {
    PartitionState s = partitions.get(partition);
    return s == null ? limits.maxReadAhead() : (int) Math.max(0, limits.maxReadAhead() - s.tracker.outstanding());
  }

  /** True if some partition has room (or none exists yet). */
  boolean anyRoom() {
    if (partitions.isEmpty()) {
      return true;
    }
    for (PartitionState s : partitions.values()) {
      if (s.tracker.outstanding() < limits.maxReadAhead()) {
        return true;
      }
    }
    return false;
  }

  /** The most inputs ever read ahead for one partition. */
  long peakReadAhead() {
    return peakOutstanding;
  }

  /**
   * Registers a delivery of {@code partition}: a page ending at {@code lastOffset} whose {@code
   * items} (the decoded events; skipped ones are complete already) are queued on their keys.
   */
  void ingest(PartitionState partition, List<Item<I>> items, long lastOffset, long firstTimestampMillis) {
    CheckpointTracker.Page page = partition.tracker.register(lastOffset, items.size(), firstTimestampMillis);
    peakOutstanding = Math.max(peakOutstanding, partition.tracker.outstanding());
    for (Item<I> item : items) {
      item.page = page;
      enqueue(item);
    }
  }

  /** Queues an input on its key (a replayed dead letter has no partition). */
  void enqueue(Item<I> item) {
    Object k = keyOf.apply(item);
    Key<I> key = keys.get(k);
    if (key == null) {
      key = new Key<>(k, lane(item.event.stream().tenant()));
      keys.put(k, key);
    }
    key.pending.addLast(item);
    key.lane.pending++;
    if (key.state == KeyState.IDLE) {
      ready(key);
    }
  }

  private Lane lane(String tenant) {
    return lanes.computeIfAbsent(tenant, Lane::new);
  }

  private void ready(Key<I> key) {
    key.state = KeyState.READY;
    key.lane.ready.addLast(key);
    if (!key.lane.listed) {
      key.lane.listed = true;
      readyLanes.addLast(key.lane);
    }
  }

  /**
   * Drops the inputs of {@code released} partitions that no span has taken yet (they will be
   * delivered again to whoever takes the partitions over); inputs being handled go on.
   */
  void dropPending(Collection<SourcePartition> released) {
    List<PartitionState> states = new ArrayList<>();
    for (SourcePartition p : released) {
      PartitionState s = partitions.get(p);
      if (s != null) {
        states.add(s);
      }
    }
    if (states.isEmpty()) {
      return;
    }
    for (Key<I> key : keys.values()) {
      key.pending.removeIf(item -> {
        if (item.partition != null && states.contains(item.partition)) {
          key.lane.pending--;
          return true;
        }
        return false;
      });
    }
    keys.values().removeIf(key -> key.pending.isEmpty() && key.state == KeyState.READY && key.lane.ready.remove(key));
    for (Lane lane : lanes.values()) {
      if (lane.listed && lane.ready.isEmpty()) {
        lane.listed = false;
        readyLanes.remove(lane);
      }
    }
  }

  /**
   * Forgets {@code released} partitions after {@link #dropPending}: inputs of theirs still in a span
   * complete into nothing, and a later delivery of the same partition starts a new tracker.
   */
  void remove(Collection<SourcePartition> released) {
    dropPending(released);
    for (SourcePartition p : released) {
      PartitionState s = partitions.remove(p);
      if (s != null) {
        s.removed = true;
      }
    }
  }

  /** Inputs of {@code partitions} being handled now. */
  int inFlight(Collection<SourcePartition> partitions) {
    int n = 0;
    for (SourcePartition p : partitions) {
      PartitionState s = this.partitions.get(p);
      if (s != null) {
        n += s.inFlight;
      }
    }
    return n;
  }

  // ---------------------------------------------------------------- spans

  /** True if a key is ready. */
  boolean hasReady() {
    return !readyLanes.isEmpty();
  }

  /** Takes the next ready key, tenants in turn, with up to {@code maxSpan} of its inputs; the key becomes busy. */
  Span<I> take() {
    Lane lane = readyLanes.pollFirst();
    @SuppressWarnings("unchecked")
    Key<I> key = (Key<I>) lane.ready.pollFirst();
    if (lane.ready.isEmpty()) {
      lane.listed = false;
    } else {
      readyLanes.addLast(lane);
    }
    int n = Math.min(key.pending.size(), limits.maxSpan());
    List<Item<I>> items = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Item<I> item = key.pending.pollFirst();
      items.add(item);
      if (item.partition != null) {
        item.partition.inFlight++;
      }
    }
    key.state = KeyState.BUSY;
    lane.pending -= n;
    lane.inflight += n;
    return new Span<>(key, items);
  }

  /**
   * Ends a span: its first {@code done} inputs are completed; the rest go back to the front of
   * their key (in order) unless {@code dropRest}; the key becomes ready again if it has input.
   */
  void finish(Span<I> span, int done, boolean dropRest) {
    span.key().lane.inflight -= span.items().size();
    complete(span, done);
    Key<I> key = span.key();
    if (!dropRest) {
      requeue(span, done);
    } else {
      for (int i = done; i < span.items().size(); i++) {
        untrack(span.items().get(i));
      }
    }
    key.state = KeyState.IDLE;
    if (!key.pending.isEmpty()) {
      ready(key);
    } else {
      keys.remove(key.id);
    }
  }

  /**
   * Ends a span whose input {@code done} failed and waits for a retry: the inputs before it are
   * completed, it and the rest go back to the front of their key, and the key sleeps (is neither
   * ready nor busy) until {@link #wake}.
   */
  void sleep(Span<I> span, int done) {
    span.key().lane.inflight -= span.items().size();
    complete(span, done);
    requeue(span, done);
    span.key().state = KeyState.SLEEPING;
  }

  /** Ends a key's sleep: it becomes ready again. */
  void wake(Key<I> key) {
    if (key.state != KeyState.SLEEPING) {
      return;
    }
    key.state = KeyState.IDLE;
    if (!key.pending.isEmpty()) {
      ready(key);
    } else {
      keys.remove(key.id);
    }
  }

  private void complete(Span<I> span, int done) {
    List<Item<I>> items = span.items();
    int i = 0;
    while (i < done) {
      Item<I> item = items.get(i);
      untrack(item);
      int count = 1;
      while (i + count < done && items.get(i + count).page == item.page && items.get(i + count).partition == item.partition) {
        untrack(items.get(i + count));
        count++;
      }
      if (item.partition != null && !item.partition.removed) {
        item.partition.tracker.complete(item.page, count);
      }
      i += count;
    }
  }

  private void requeue(Span<I> span, int done) {
    Key<I> key = span.key();
    List<Item<I>> items = span.items();
    for (int i = items.size() - 1; i >= done; i--) {
      Item<I> item = items.get(i);
      untrack(item);
      if (item.partition != null && item.partition.removed) {
        continue;
      }
      key.pending.addFirst(item);
      key.lane.pending++;
    }
  }

  /** The input is no longer in flight. */
  private void untrack(Item<I> item) {
    if (item.partition != null) {
      item.partition.inFlight--;
    }
  }

  // ---------------------------------------------------------------- checkpoints and figures

  /** Every partition's checkpoint. */
  Map<SourcePartition, Long> checkpoints() {
    Map<SourcePartition, Long> result = new LinkedHashMap<>();
    partitions.forEach((p, s) -> result.put(p, s.tracker.checkpoint()));
    return result;
  }

  /** The partitions whose checkpoint moved past what was last stored, with their checkpoints. */
  Map<PartitionState, Long> unsaved() {
    Map<PartitionState, Long> result = new LinkedHashMap<>();
    for (PartitionState s : partitions.values()) {
      long cp = s.tracker.checkpoint();
      if (cp > s.saved) {
        result.put(s, cp);
      }
    }
    return result;
  }

  /** Records that {@code checkpoint} of {@code partition} is stored. */
  void saved(PartitionState partition, long checkpoint) {
    partition.saved = Math.max(partition.saved, checkpoint);
  }

  /** Every partition's state (for gauges). */
  Collection<PartitionState> partitions() {
    return partitions.values();
  }

  /** Inputs read and not completed, and being handled, of {@code tenant}'s keys. */
  Lane laneOf(String tenant) {
    return lane(tenant);
  }

  // ---------------------------------------------------------------- state

  enum KeyState { IDLE, READY, BUSY, SLEEPING }

  /** The pending inputs of one key (stream), and its state. */
  static final class Key<I> {
    final Object id;
    final Lane lane;
    final ArrayDeque<Item<I>> pending = new ArrayDeque<>();
    KeyState state = KeyState.IDLE;

    Key(Object id, Lane lane) {
      this.id = id;
      this.lane = lane;
    }
  }

  /** One tenant's ready keys, and its counts of pending and in-flight inputs. */
  static final class Lane {
    final String tenant;
    final ArrayDeque<Key<?>> ready = new ArrayDeque<>();
    boolean listed;
    long pending;
    long inflight;

    Lane(String tenant) {
      this.tenant = tenant;
    }
  }

  /** One source partition's checkpoint tracker, last stored checkpoint and the reader that feeds it. */
  static final class PartitionState {
    final SourcePartition partition;
    final CheckpointTracker tracker;
    final Object source;
    long saved;
    int inFlight;
    boolean removed;

    PartitionState(SourcePartition partition, long checkpoint, Object source) {
      this.partition = partition;
      this.tracker = new CheckpointTracker(checkpoint);
      this.source = source;
      this.saved = checkpoint;
    }
  }

  /** A key and the inputs taken from it to handle in one go. */
  record Span<I>(Key<I> key, List<Item<I>> items) {}
}
