package io.solstice.bench.jmh;

/**
 * Runs the JMH benchmarks of this package with JMH's usual command line, e.g. {@code java -cp
 * 'solstice-dist/target/lib/*' io.solstice.bench.jmh.JmhMain CodecBenchmark -f 1 -wi 2 -i 3}; with
 * no arguments, every benchmark with short settings ({@code -f 1 -wi 2 -i 3}).
 */
public final class JmhMain {
  private JmhMain() {}

  public static void main(String[] args) throws Exception {
    String[] effective = args.length == 0 ? new String[] {"io.solstice.bench.jmh", "-f", "1", "-wi", "2", "-i", "3"} : args;
    org.openjdk.jmh.Main.main(effective);
  }
}
