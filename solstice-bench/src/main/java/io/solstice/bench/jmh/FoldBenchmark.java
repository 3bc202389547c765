package io.solstice.bench.jmh;

import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import io.solstice.core.codec.JsonCodec;
import io.solstice.core.EventMetadata;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Folding a 1,000-event stream: {@code evolve} over decoded events alone, and decode + evolve over
 * the stored envelopes (what a load without cache or snapshot costs beyond the store read).
 *
 * <p>Run: {@code java -cp 'solstice-dist/target/lib/*' io.solstice.bench.jmh.JmhMain FoldBenchmark -f 1 -wi 2 -i 3}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FoldBenchmark {
  private List<BenchEvents.Event> events;
  private List<RecordedEvent> recorded;
  private JsonCodec<BenchEvents.Event> codec;

  @Setup
  public void setup() {
    codec = JsonCodec.forSealed(BenchEvents.Event.class);
    StreamName stream = StreamName.of("bench", "Order", "1");
    events = new ArrayList<>();
    recorded = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      BenchEvents.Event e = i % 10 == 9 ? new BenchEvents.Event.LineRemoved("sku-" + i) : BenchEvents.sampleLine(i);
      events.add(e);
      var enc = codec.encode(e);
      recorded.add(new RecordedEvent(UUID.randomUUID(), stream, i, i + 1, enc.type(), enc.data(), EventMetadata.EMPTY, Instant.EPOCH));
    }
  }

  @Benchmark
  public BenchEvents.State foldDecoded() {
    BenchEvents.State s = BenchEvents.State.INITIAL;
    for (BenchEvents.Event e : events) {
      s = s.evolve(e);
    }
    return s;
  }

  @Benchmark
  public BenchEvents.State decodeAndFold() {
    BenchEvents.State s = BenchEvents.State.INITIAL;
    for (RecordedEvent r : recorded) {
      s = s.evolve(codec.decode(r).orElseThrow());
    }
    return s;
  }
}
