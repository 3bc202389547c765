-- The event store (PostgreSQL). Positions are assigned by whoever holds the store's advisory lock, in commit order.
CREATE TABLE events (
  position       BIGINT  PRIMARY KEY,
  tenant         TEXT    NOT NULL,
  category       TEXT    NOT NULL,
  stream         TEXT    NOT NULL,
  version        BIGINT  NOT NULL,
  event_id       UUID    NOT NULL,
  type           TEXT    NOT NULL,
  data           BYTEA   NOT NULL,
  correlation_id TEXT,
  causation_id   TEXT,
  traceparent    TEXT,
  producer       TEXT,
  recorded_at    BIGINT  NOT NULL -- epoch microseconds
);
CREATE UNIQUE INDEX events_stream_version ON events (stream, version);
CREATE UNIQUE INDEX events_event_id ON events (event_id);
CREATE INDEX events_tenant_position ON events (tenant, position);
CREATE INDEX events_tenant_category_position ON events (tenant, category, position);

CREATE TABLE snapshots (
  stream         TEXT    NOT NULL,
  schema_version INTEGER NOT NULL,
  version        BIGINT  NOT NULL,
  data           BYTEA   NOT NULL,
  written_at     BIGINT  NOT NULL,
  PRIMARY KEY (stream, schema_version)
);

CREATE TABLE tenants (
  tenant        TEXT    PRIMARY KEY,
  location      TEXT    NOT NULL,
  registered_at BIGINT  NOT NULL
);

CREATE TABLE checkpoints (
  service       TEXT    NOT NULL,
  tenant        TEXT    NOT NULL,
  partition_key TEXT    NOT NULL,
  position      BIGINT  NOT NULL,
  updated_at    BIGINT  NOT NULL,
  PRIMARY KEY (service, tenant, partition_key)
);

CREATE TABLE dead_letters (
  id         BIGSERIAL PRIMARY KEY,
  service    TEXT    NOT NULL,
  tenant     TEXT    NOT NULL,
  stream     TEXT    NOT NULL,
  version    BIGINT  NOT NULL,
  position   BIGINT  NOT NULL,
  event_id   UUID    NOT NULL,
  event_type TEXT    NOT NULL,
  attempts   INTEGER NOT NULL,
  error      TEXT    NOT NULL,
  parked_at  BIGINT  NOT NULL,
  status     TEXT    NOT NULL,
  UNIQUE (service, event_id)
);
CREATE INDEX dead_letters_service_status ON dead_letters (service, status, id);
