-- Newest health per device, re-sent by every heartbeat: losing the last commits of this file on
-- power loss costs nothing the next heartbeat does not restore (synchronous=NORMAL).
-- No foreign key: SQLite cannot reference a table of another database file.

CREATE TABLE device_health (
  device_id        TEXT    NOT NULL PRIMARY KEY,
  health           TEXT,                    -- JSON, wire protocol Health; null until one arrives
  last_received_ms INTEGER NOT NULL         -- collector clock of the newest batch
);
