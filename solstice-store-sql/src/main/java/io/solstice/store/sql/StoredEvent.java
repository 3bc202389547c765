package io.solstice.store.sql;

/** Where an already stored event id lives: its stream (canonical form), version and position. */
record StoredEvent(String stream, long version, long position) {}
