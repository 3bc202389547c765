package io.solstice.pipeline;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.solstice.core.RecordedEvent;
import io.solstice.core.store.DeadLetter;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one attempt of an input (handle, then interpret, each traced and timed) and decides what a
 * failure leads to, by the service's {@link RetryPolicy}:
 *
 * <ul>
 *   <li>a {@link PermanentFailureException} (anywhere in the cause chain) is parked at once;
 *   <li>after {@code maxAttempts} failures the input is parked (policy {@code PARK}, and always for
 *       a replayed dead letter), or its stream retries it at {@code maxBackoff} for ever ({@code
 *       HALT_STREAM});
 *   <li>otherwise it is retried after the policy's backoff, with jitter.
 * </ul>
 *
 * The attempt count, the time the input started failing and whether it was reported stuck live on
 * the {@link Item}, so a retry that runs later, on another thread, goes on counting. The caller
 * does the waiting: it releases the stream's slot and schedules the retry (see {@link
 * StreamScheduler#sleep}), so a failing stream never holds a slot while it waits.
 *
 * <p>Logging: the first failure of an input is one WARN line without a stack trace (the error's
 * text says what failed), later ones DEBUG; parking is one WARN line naming the dead letter and how
 * to replay it; "stuck" and "recovered" are one line each.
 */
final class InputAttempts<I, O> {
  private static final Logger log = LoggerFactory.getLogger(InputAttempts.class);

  /** What became of an attempt. */
  sealed interface Result {
    /** Handled (or its replay resolved). */
    record Done() implements Result {}

    /** Parked as a dead letter; its stream goes on. */
    record Parked(long deadLetterId) implements Result {}

    /** Failed; try again after {@code delay}. */
    record RetryAfter(Duration delay) implements Result {}

    /** Interrupted: the service is stopping; the input stays unfinished. */
    record Aborted() implements Result {}
  }

  private static final Result DONE = new Result.Done();
  private static final Result ABORTED = new Result.Aborted();

  private final Service<I, O> service;
  private final String name;
  private final RetryPolicy retry;
  private final HostSettings host;
  private final ServiceTracing tracing;

  InputAttempts(Service<I, O> service, HostSettings host, ServiceTracing tracing) {
    this.service = service;
    this.name = service.name();
    this.retry = service.retry();
    this.host = host;
    this.tracing = tracing;
  }

  /** Runs one attempt of {@code item}; {@code stuckStreams} counts the tenant's streams reported stuck. */
  Result attempt(Item<I> item, ServiceMetrics.Tenant meters, AtomicInteger stuckStreams) {
    RecordedEvent event = item.event;
    Collection<String> correlation = item.input == null ? List.of() : service.correlationIds(item.input, event);
    if (!correlation.isEmpty()) {
      MDC.put("correlationId", String.join(",", correlation));
    }
    String traceparent = event.metadata().traceparent(); // W3C: 00-<32 hex trace id>-<16 hex span id>-<flags>
    if (traceparent != null && traceparent.length() >= 35) {
      MDC.put("traceId", traceparent.substring(3, 35));
    }
    try {
      Exception error;
      try {
        runOnce(item, item.failures + 1, meters);
        meters.handled.increment();
        if (item.replayOf != null) {
          host.deadLetters().updateStatus(item.replayOf.id(), DeadLetter.Status.RESOLVED);
          log.info("service {}: replayed dead letter {} of {} handled; resolved", name, item.replayOf.id(), event);
        }
        if (item.stuck) {
          item.stuck = false;
          stuckStreams.decrementAndGet();
          log.info("service {}: stream {} recovered after {} attempts", name, event.stream(), item.failures + 1);
        }
        return DONE;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return ABORTED;
      } catch (Exception e) {
        error = e;
      }
      return failed(item, error, meters, stuckStreams);
    } finally {
      if (!correlation.isEmpty()) {
        MDC.remove("correlationId");
      }
      MDC.remove("traceId");
    }
  }

  private Result failed(Item<I> item, Exception error, ServiceMetrics.Tenant meters, AtomicInteger stuckStreams) {
    RecordedEvent event = item.event;
    int attempt = ++item.failures;
    meters.failed.increment();
    Instant now = host.clock().instant();
    boolean permanent = PermanentFailureException.isPermanent(error);
    if (item.failingSince == null) {
      item.failingSince = now;
      log.warn("service {}: handling {} failed (attempt {} of {}{}): {}", name, event, attempt, retry.maxAttempts(),
          permanent ? ", permanent" : "", error.toString());
    } else {
      log.debug("service {}: handling {} failed again (attempt {})", name, event, attempt, error);
    }
    if (!item.stuck && Duration.between(item.failingSince, now).compareTo(retry.stuckAfter()) >= 0) {
      item.stuck = true;
      stuckStreams.incrementAndGet();
      log.warn("service {}: stream {} is stuck: failing for {} since {} ({} attempts); last error: {}", name, event.stream(),
          Duration.between(item.failingSince, now), item.failingSince, attempt, error.toString());
    }
    boolean exhausted = permanent || attempt >= retry.maxAttempts();
    if (exhausted && (permanent || retry.whenExhausted() == RetryPolicy.Exhausted.PARK || item.replayOf != null)) {
      try {
        long id = park(item, attempt, error);
        meters.parked.increment();
        if (item.stuck) {
          item.stuck = false;
          stuckStreams.decrementAndGet();
        }
        log.warn("service {}: parked {} as dead letter {} after {} attempt{}; the stream goes on. "
            + "Inspect with 'solstice dlq list', replay with 'solstice dlq replay {}': {}", name, event, id, attempt,
            attempt == 1 ? "" : "s", id, error.toString());
        return new Result.Parked(id);
      } catch (RuntimeException parkFailure) {
        log.error("service {}: could not park {} ({}); retrying it", name, event, parkFailure.toString());
      }
    }
    return new Result.RetryAfter(exhausted ? retry.maxBackoff() : retry.backoff(attempt, host.random().getAsDouble()));
  }

  private void runOnce(Item<I> item, int attempt, ServiceMetrics.Tenant meters) throws Exception {
    if (item.decodeError != null) {
      throw item.decodeError;
    }
    RecordedEvent event = item.event;
    Context parent = tracing.enabled() ? tracing.parent(event) : Context.root();
    Span handleSpan = tracing.start("handle", parent, event, attempt);
    long t0 = System.nanoTime();
    O output;
    try {
      output = service.handler().handle(item.input);
    } catch (Exception e) {
      handleSpan.recordException(e);
      handleSpan.setStatus(StatusCode.ERROR);
      throw e;
    } finally {
      meters.handle.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
      handleSpan.end();
    }
    Span interpretSpan = tracing.start("interpret", parent, event, attempt);
    long t1 = System.nanoTime();
    try {
      String traceparent = tracing.enabled() ? tracing.traceparent(interpretSpan, event) : event.metadata().traceparent();
      service.interpreter().interpret(output, new EffectContext(name, event, attempt, traceparent, item.replayOf != null, tracing));
    } catch (Exception e) {
      interpretSpan.recordException(e);
      interpretSpan.setStatus(StatusCode.ERROR);
      throw e;
    } finally {
      meters.interpret.record(System.nanoTime() - t1, TimeUnit.NANOSECONDS);
      interpretSpan.end();
    }
  }

  private long park(Item<I> item, int attempts, Exception error) {
    RecordedEvent e = item.event;
    String message = error.getClass().getName() + ": " + error.getMessage();
    DeadLetter letter = new DeadLetter(0, name, e.stream(), e.version(), e.position(), e.eventId(), e.type(), attempts, message,
        host.clock().instant(), DeadLetter.Status.PARKED);
    return host.deadLetters().park(letter);
  }
}
