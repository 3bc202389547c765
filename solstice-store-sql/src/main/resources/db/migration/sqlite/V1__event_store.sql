-- The event store (SQLite). Positions are the rowid: assigned by the single writer in commit order.
CREATE TABLE events (
  position       INTEGER PRIMARY KEY,
  tenant         TEXT    NOT NULL,
  category       TEXT    NOT NULL,
  stream         TEXT    NOT NULL,
  version        INTEGER NOT NULL,
  event_id       TEXT    NOT NULL,
  type           TEXT    NOT NULL,
  data           BLOB    NOT NULL,
  correlation_id TEXT,
  causation_id   TEXT,
  traceparent    TEXT,
  producer       TEXT,
  recorded_at    INTEGER NOT NULL -- epoch microseconds
);
CREATE UNIQUE INDEX events_stream_version ON events (stream, version);
CREATE UNIQUE INDEX events_event_id ON events (event_id);
-- Every SQLite index ends with the rowid (= position), so these serve "tenant [, category] after position" in order.
CREATE INDEX events_tenant_position ON events (tenant);
CREATE INDEX events_tenant_category_position ON events (tenant, category);

CREATE TABLE snapshots (
  stream         TEXT    NOT NULL,
  schema_version INTEGER NOT NULL,
  version        INTEGER NOT NULL,
  data           BLOB    NOT NULL,
  written_at     INTEGER NOT NULL,
  PRIMARY KEY (stream, schema_version)
);

CREATE TABLE tenants (
  tenant        TEXT    PRIMARY KEY,
  location      TEXT    NOT NULL,
  registered_at INTEGER NOT NULL
);

CREATE TABLE checkpoints (
  service       TEXT    NOT NULL,
  tenant        TEXT    NOT NULL,
  partition_key TEXT    NOT NULL,
  position      INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  PRIMARY KEY (service, tenant, partition_key)
);

CREATE TABLE dead_letters (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  service    TEXT    NOT NULL,
  tenant     TEXT    NOT NULL,
  stream     TEXT    NOT NULL,
  version    INTEGER NOT NULL,
  position   INTEGER NOT NULL,
  event_id   TEXT    NOT NULL,
  event_type TEXT    NOT NULL,
  attempts   INTEGER NOT NULL,
  error      TEXT    NOT NULL,
  parked_at  INTEGER NOT NULL,
  status     TEXT    NOT NULL,
  UNIQUE (service, event_id)
);
CREATE INDEX dead_letters_service_status ON dead_letters (service, status, id);
