-- Leases: at most one active instance of a role (a service on the feed, the Kafka publisher) per store.
-- Times are epoch milliseconds by the database's clock.
CREATE TABLE leases (
  name           TEXT    PRIMARY KEY,
  holder         TEXT    NOT NULL,
  token          INTEGER NOT NULL,
  expires_at     INTEGER NOT NULL,
  holder_session INTEGER
);

-- Running instances (processes) and what they run, refreshed by each instance's heartbeat.
CREATE TABLE instances (
  instance_id  TEXT    PRIMARY KEY,
  host         TEXT    NOT NULL,
  pid          INTEGER NOT NULL,
  url          TEXT,
  started_at   INTEGER NOT NULL,
  heartbeat_at INTEGER NOT NULL,
  services     TEXT    NOT NULL,
  status       TEXT    NOT NULL
);
