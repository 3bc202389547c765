-- Leases: at most one active instance of a role (a service on the feed, the Kafka publisher) per store.
-- Times are epoch milliseconds by the database's clock; holder_session is the holder's backend pid,
-- so a lease whose holder's connection is gone is free at once.
CREATE TABLE leases (
  name           TEXT    PRIMARY KEY,
  holder         TEXT    NOT NULL,
  token          BIGINT  NOT NULL,
  expires_at     BIGINT  NOT NULL,
  holder_session INTEGER
);

-- Running instances (processes) and what they run, refreshed by each instance's heartbeat.
CREATE TABLE instances (
  instance_id  TEXT    PRIMARY KEY,
  host         TEXT    NOT NULL,
  pid          BIGINT  NOT NULL,
  url          TEXT,
  started_at   BIGINT  NOT NULL,
  heartbeat_at BIGINT  NOT NULL,
  services     TEXT    NOT NULL,
  status       TEXT    NOT NULL
);
