package io.solstice.bench.jmh;

import io.solstice.core.codec.JsonCodec;
import io.solstice.core.decider.Category;
import io.solstice.core.decider.Decider;
import io.solstice.core.decider.LoadMode;
import io.solstice.core.decider.StateCache;
import io.solstice.core.decider.StreamState;
import io.solstice.core.memory.MemoryStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Loading a 1,000-event stream from the {@link MemoryStore}: uncached (read in pages, decode,
 * fold), cached with {@link LoadMode#LATEST} (cached state + one read of the newer events, here
 * none) and cached with {@link LoadMode#ANY_CACHED} (no store access).
 *
 * <p>Run: {@code java -cp 'solstice-dist/target/lib/*' io.solstice.bench.jmh.JmhMain LoadBenchmark -f 1 -wi 2 -i 3}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LoadBenchmark {
  private MemoryStore store;
  private Decider<BenchEvents.State, BenchEvents.Event> uncached;
  private Decider<BenchEvents.State, BenchEvents.Event> cachedLatest;
  private Decider<BenchEvents.State, BenchEvents.Event> cachedAny;

  @Setup
  public void setup() {
    store = new MemoryStore().withTenants("bench");
    JsonCodec<BenchEvents.Event> codec = JsonCodec.forSealed(BenchEvents.Event.class);
    var plain = Category.builder("Order", codec, BenchEvents.State.INITIAL, BenchEvents.State::evolve).build(store);
    var withCache = Category.builder("Order", codec, BenchEvents.State.INITIAL, BenchEvents.State::evolve)
        .cache(StateCache.bounded(1000)).build(store);
    uncached = plain.decider("bench", "1");
    for (int batch = 0; batch < 10; batch++) {
      List<BenchEvents.Event> events = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        events.add(BenchEvents.sampleLine(batch * 100 + i));
      }
      uncached.transact(s -> events);
    }
    cachedLatest = withCache.decider("bench", "1");
    cachedAny = cachedLatest.withLoadMode(LoadMode.ANY_CACHED);
    cachedLatest.load(); // warm the cache
  }

  @TearDown
  public void tearDown() {
    store.close();
  }

  @Benchmark
  public StreamState<BenchEvents.State> uncachedLoad() {
    return uncached.load();
  }

  @Benchmark
  public StreamState<BenchEvents.State> cachedLoadLatest() {
    return cachedLatest.load();
  }

  @Benchmark
  public StreamState<BenchEvents.State> cachedLoadAnyCached() {
    return cachedAny.load();
  }
}
