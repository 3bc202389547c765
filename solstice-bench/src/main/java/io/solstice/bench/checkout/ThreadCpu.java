package io.solstice.bench.checkout;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of another process's threads by kind, read from {@code /proc/PID/task/TID/stat}, so
 * the benchmark can tell the server's steady work from the JIT compiler's and the garbage
 * collector's. A snapshot maps each thread id to its kind and its user + system time; the
 * difference of two snapshots charges each thread only what it used between them (a thread that
 * ended in between loses its share, which only ever makes the compiler's figure smaller).
 *
 * <p>Kinds, by the thread name the JVM gives ({@code comm}, at most 15 characters): {@code jit}
 * for "C1/C2 CompilerThre", {@code gc} for the collector threads ("GC Thread#", "G1 Conc#",
 * "G1 Refine#", "G1 Service", and ZGC's and Shenandoah's), {@code other} for the rest.
 * Where {@code /proc} is missing (not Linux) a snapshot is empty and every figure is 0.
 */
record ThreadCpu(Map<Long, Sample> threads) {

  /** One thread's kind and CPU nanoseconds so far. */
  record Sample(String kind, long cpuNanos) {}

  /** The clock tick of {@code /proc} stat times: 100 Hz on every Linux this runs on ({@code getconf CLK_TCK}). */
  private static final long NANOS_PER_TICK = 10_000_000L;

  static ThreadCpu of(long pid) {
    Map<Long, Sample> threads = new HashMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks) {
        Sample s = sample(task.resolve("stat"));
        if (s != null) {
          threads.put(Long.parseLong(task.getFileName().toString()), s);
        }
      }
    } catch (IOException | RuntimeException e) {
      // no /proc, or the process ended: nothing to charge
    }
    return new ThreadCpu(Map.copyOf(threads));
  }

  /** CPU nanoseconds of {@code kind}'s threads between {@code before} and this snapshot. */
  long since(ThreadCpu before, String kind) {
    long total = 0;
    for (Map.Entry<Long, Sample> t : threads.entrySet()) {
      if (t.getValue().kind().equals(kind)) {
        Sample then = before.threads().get(t.getKey());
        total += t.getValue().cpuNanos() - (then == null ? 0 : then.cpuNanos());
      }
    }
    return total;
  }

  private static Sample sample(Path stat) {
    String line;
    try {
      line = Files.readString(stat);
    } catch (IOException e) {
      return null; // the thread ended
    }
    int open = line.indexOf('(');
    int close = line.lastIndexOf(')');
    if (open < 0 || close < open) {
      return null;
    }
    String name = line.substring(open + 1, close);
    // fields after the name: state(3) ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime(14) stime(15)
    String[] fields = line.substring(close + 2).split(" ");
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    return new Sample(kindOf(name), ticks * NANOS_PER_TICK);
  }

  static String kindOf(String threadName) {
    if (threadName.contains("CompilerThre")) {
      return "jit";
    }
    if (threadName.startsWith("GC Thread") || threadName.startsWith("G1 ") || threadName.startsWith("ZGC") || threadName.startsWith("Shenandoah")) {
      return "gc";
    }
    return "other";
  }
}
