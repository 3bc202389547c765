package io.solstice.store.sql;

import io.solstice.core.EventData;
import io.solstice.core.StreamName;

/** One row of the events table about to be inserted. */
record EventRow(long position, StreamName stream, long version, EventData event, long recordedAtMicros) {}
