package io.solstice.bench.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.solstice.core.codec.EncodedEvent;
import io.solstice.core.codec.Json;
import io.solstice.core.codec.JsonCodec;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Encoding and decoding one event with {@link JsonCodec}, against plain Jackson {@code
 * writeValueAsBytes} / {@code readValue} of the same record as the baseline in the same run, and
 * decoding through an upcaster (tree read + field add) to show what upcasting costs.
 *
 * <p>Run: {@code java -cp 'solstice-dist/target/lib/*' io.solstice.bench.jmh.JmhMain CodecBenchmark -f 1 -wi 2 -i 3}
 * (or {@code org.openjdk.jmh.Main} instead of {@code JmhMain}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CodecBenchmark {
  private final ObjectMapper mapper = Json.mapper();
  private JsonCodec<BenchEvents.Event> codec;
  private JsonCodec<BenchEvents.Event> upcasting;
  private BenchEvents.Event.LineAdded event;
  private byte[] data;
  private byte[] oldShape;

  @Setup
  public void setup() throws IOException {
    codec = JsonCodec.forSealed(BenchEvents.Event.class);
    upcasting = JsonCodec.builder(BenchEvents.Event.class).addField("LineAdded", "quantity", 1).build();
    event = BenchEvents.sampleLine(42);
    data = mapper.writeValueAsBytes(event);
    oldShape = "{\"sku\":\"sku-42\",\"unitPrice\":22.99,\"at\":\"2025-01-01T00:00:42Z\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Benchmark
  public byte[] jacksonEncode() throws IOException {
    return mapper.writeValueAsBytes(event);
  }

  @Benchmark
  public EncodedEvent codecEncode() {
    return codec.encode(event);
  }

  @Benchmark
  public Object jacksonDecode() throws IOException {
    return mapper.readValue(data, BenchEvents.Event.LineAdded.class);
  }

  @Benchmark
  public Object codecDecode() {
    return codec.decode("LineAdded", data).orElseThrow();
  }

  @Benchmark
  public Object codecDecodeUpcast() {
    return upcasting.decode("LineAdded", oldShape).orElseThrow();
  }
}
