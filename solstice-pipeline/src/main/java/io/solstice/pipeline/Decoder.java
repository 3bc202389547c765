package io.solstice.pipeline;

import io.solstice.core.RecordedEvent;
import java.util.Optional;

/**
 * The first stage of a service: turns an envelope into the service's input, or into nothing when
 * the event is not the service's business. An empty result is counted as skipped and never fails
 * anything; a thrown exception is a failure of that event (retried, then parked like a handler
 * failure).
 *
 * @param <I> the service's input type (usually a sealed interface of records)
 */
@FunctionalInterface
public interface Decoder<I> {
  Optional<I> decode(RecordedEvent event) throws Exception;
}
