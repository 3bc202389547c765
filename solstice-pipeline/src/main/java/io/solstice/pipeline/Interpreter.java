package io.solstice.pipeline;

/**
 * The last stage of a service: carries out an output's effects (append events, call HTTP, send
 * mail). Delivery is at least once, so effects must be idempotent: use {@link EffectContext#metadata()}
 * (causation id), {@link EffectContext#eventId(int)} (deterministic event ids) and {@link
 * EffectContext#idempotencyKey(String)} (external calls).
 *
 * @param <O> the output type
 */
@FunctionalInterface
public interface Interpreter<O> {
  void interpret(O output, EffectContext context) throws Exception;
}
