-- Reading what one business transaction (an order) caused, across streams: EventStore.readCorrelated.
-- SQLite indexes end with the rowid (= position), so this serves "tenant, correlation in position order".
CREATE INDEX IF NOT EXISTS events_tenant_correlation ON events (tenant, correlation_id);
