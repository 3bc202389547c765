package io.solstice.pipeline;

import java.util.Objects;
import java.util.function.Function;

/**
 * How a service's inputs may run concurrently.
 *
 * <ul>
 *   <li>{@link #byStream()} (the default): inputs of one stream are handled one at a time, in
 *       version order; different streams run concurrently.
 *   <li>{@link #byKey(Function)}: the same, with a key computed from the input instead of its
 *       stream (e.g. a customer id shared by several streams).
 *   <li>{@link #unordered()}: every input may run concurrently with every other.
 * </ul>
 *
 * Within a tenant's part of a source the key is scoped to that tenant: equal keys of different
 * tenants never serialize each other.
 *
 * @param <I> the input type
 */
public sealed interface Parallelism<I> {

  static <I> Parallelism<I> byStream() {
    return new ByStream<>();
  }

  static <I> Parallelism<I> byKey(Function<? super I, String> key) {
    return new ByKey<>(key);
  }

  static <I> Parallelism<I> unordered() {
    return new Unordered<>();
  }

  /** See {@link #byStream()}. */
  record ByStream<I>() implements Parallelism<I> {}

  /** See {@link #byKey(Function)}. */
  record ByKey<I>(Function<? super I, String> key) implements Parallelism<I> {
    public ByKey {
      Objects.requireNonNull(key, "key function");
    }
  }

  /** See {@link #unordered()}. */
  record Unordered<I>() implements Parallelism<I> {}
}
