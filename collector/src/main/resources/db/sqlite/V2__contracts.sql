-- Placeholder on the `reports` branch only: the `incidents` branch owns V2__contracts.sql, which creates this
-- outbox (and the contract tables). At merge, take that branch's file; this statement is idempotent with it.
CREATE TABLE IF NOT EXISTS outbox (id TEXT PRIMARY KEY, type TEXT, created_at INTEGER, payload TEXT);
