package io.solstice.core.decider;

/**
 * A folded state of one stream and the version it reflects.
 *
 * @param version the version of the last event folded in (-1 for a stream with no events)
 * @param state the state
 */
public record StreamState<S>(long version, S state) {}
