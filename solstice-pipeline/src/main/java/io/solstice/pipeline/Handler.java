package io.solstice.pipeline;

/**
 * The second stage of a service: decides what to do about one input. It may read aggregates but has
 * no effects, so it can be retried and replayed freely.
 *
 * @param <I> the input type
 * @param <O> the output type (usually a sealed interface of records)
 */
@FunctionalInterface
public interface Handler<I, O> {
  O handle(I input) throws Exception;
}
