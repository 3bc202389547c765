package io.solstice.store.sql;

/** The SQL databases the event store runs on. */
public enum SqlDialect {
  /** SQLite: the embedded default, one file, WAL, one writer connection. */
  SQLITE,
  /** PostgreSQL: production; several processes may append to one database. */
  POSTGRES
}
