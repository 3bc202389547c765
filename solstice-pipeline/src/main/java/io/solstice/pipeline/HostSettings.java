package io.solstice.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.solstice.core.store.CheckpointStore;
import io.solstice.core.store.DeadLetterStore;
import io.solstice.core.store.EventStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.function.DoubleSupplier;

/** What every service of a host shares: the stores, the clock, telemetry and the host's intervals. */
record HostSettings(
    EventStore store,
    CheckpointStore checkpoints,
    DeadLetterStore deadLetters,
    InstantSource clock,
    Sleeper sleeper,
    DoubleSupplier random,
    MeterRegistry meterRegistry,
    OpenTelemetry openTelemetry,
    Duration checkpointInterval,
    Duration replayPollInterval,
    Duration pollWait) {}
