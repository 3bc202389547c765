-- Reading what one business transaction (an order) caused, across streams: EventStore.readCorrelated.
CREATE INDEX IF NOT EXISTS events_tenant_correlation ON events (tenant, correlation_id, position);
