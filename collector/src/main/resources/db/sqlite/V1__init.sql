-- Acknowledged state: identities, progress, inventory, closed intervals, reachability gaps.
-- Times are epoch milliseconds (UTC); JSON columns hold the wire protocol's shapes.

CREATE TABLE devices (
  device_id     TEXT    NOT NULL PRIMARY KEY,
  client_id     TEXT    NOT NULL,
  hostname      TEXT,
  device_class  TEXT,                       -- server | workstation | laptop
  timezone      TEXT,                       -- IANA zone id, null when unknown
  agent_version TEXT,
  token_hash    TEXT    NOT NULL,           -- SHA-256 hex of the current device token
  enrolled_at   INTEGER NOT NULL,
  tags          TEXT    NOT NULL DEFAULT '{}' -- JSON object of string to string
);

CREATE TABLE device_progress (
  device_id        TEXT    NOT NULL PRIMARY KEY REFERENCES devices(device_id) ON DELETE CASCADE,
  last_seq         INTEGER NOT NULL,
  start_ms         INTEGER NOT NULL,
  last_sample_ms   INTEGER NOT NULL,
  last_boot_ms     INTEGER NOT NULL,
  pending_shutdown TEXT,                    -- os | agent | null
  dropped_samples  INTEGER NOT NULL,
  crash_ms         INTEGER NOT NULL,
  shutdown_ms      INTEGER NOT NULL,
  asleep_ms        INTEGER NOT NULL,
  unknown_ms       INTEGER NOT NULL,
  failures         INTEGER NOT NULL
);

-- Inventory is sent only when it changes, so it is not re-sent by the next heartbeat: it lives here,
-- with synchronous=FULL, and not in the health file.
CREATE TABLE device_inventory (
  device_id  TEXT    NOT NULL PRIMARY KEY REFERENCES devices(device_id) ON DELETE CASCADE,
  inventory  TEXT    NOT NULL,              -- JSON, wire protocol Inventory
  updated_ms INTEGER NOT NULL               -- collector clock of the batch that carried it
);

CREATE TABLE intervals (
  device_id TEXT    NOT NULL REFERENCES devices(device_id) ON DELETE CASCADE,
  start_ms  INTEGER NOT NULL,
  end_ms    INTEGER NOT NULL CHECK (end_ms >= start_ms),
  state     TEXT    NOT NULL,               -- down | asleep | unknown
  cause     TEXT,                           -- crash | shutdown | silent, for down only
  UNIQUE (device_id, start_ms, end_ms, state)
);
CREATE INDEX intervals_device_start ON intervals (device_id, start_ms);

CREATE TABLE unreachable (
  device_id TEXT    NOT NULL REFERENCES devices(device_id) ON DELETE CASCADE,
  start_ms  INTEGER NOT NULL,
  end_ms    INTEGER NOT NULL CHECK (end_ms >= start_ms),
  PRIMARY KEY (device_id, start_ms, end_ms)
);
