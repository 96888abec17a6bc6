-- PostgreSQL: the same schema as db/sqlite/V1__init.sql (times BIGINT), plus the health table (a separate file in
-- SQLite) and the lease row that fences writers (see PostgresLease).
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
  enrolled_at   BIGINT NOT NULL,
  tags          TEXT    NOT NULL DEFAULT '{}' -- JSON object of string to string
);

CREATE TABLE device_progress (
  device_id        TEXT    NOT NULL PRIMARY KEY REFERENCES devices(device_id) ON DELETE CASCADE,
  last_seq         BIGINT NOT NULL,
  start_ms         BIGINT NOT NULL,
  last_sample_ms   BIGINT NOT NULL,
  last_boot_ms     BIGINT NOT NULL,
  pending_shutdown TEXT,                    -- os | agent | null
  dropped_samples  BIGINT NOT NULL,
  crash_ms         BIGINT NOT NULL,
  shutdown_ms      BIGINT NOT NULL,
  asleep_ms        BIGINT NOT NULL,
  unknown_ms       BIGINT NOT NULL,
  failures         BIGINT NOT NULL
);

-- Inventory is sent only when it changes, so it is not re-sent by the next heartbeat: it lives here,
-- with synchronous=FULL, and not in the health file.
CREATE TABLE device_inventory (
  device_id  TEXT    NOT NULL PRIMARY KEY REFERENCES devices(device_id) ON DELETE CASCADE,
  inventory  TEXT    NOT NULL,              -- JSON, wire protocol Inventory
  updated_ms BIGINT NOT NULL               -- collector clock of the batch that carried it
);

CREATE TABLE intervals (
  device_id TEXT    NOT NULL REFERENCES devices(device_id) ON DELETE CASCADE,
  start_ms  BIGINT NOT NULL,
  end_ms    BIGINT NOT NULL CHECK (end_ms >= start_ms),
  state     TEXT    NOT NULL,               -- down | asleep | unknown
  cause     TEXT,                           -- crash | shutdown | silent, for down only
  UNIQUE (device_id, start_ms, end_ms, state)
);
CREATE INDEX intervals_device_start ON intervals (device_id, start_ms);

CREATE TABLE unreachable (
  device_id TEXT    NOT NULL REFERENCES devices(device_id) ON DELETE CASCADE,
  start_ms  BIGINT NOT NULL,
  end_ms    BIGINT NOT NULL CHECK (end_ms >= start_ms),
  PRIMARY KEY (device_id, start_ms, end_ms)
);

-- Newest health per device, re-sent by every heartbeat.
CREATE TABLE device_health (
  device_id        TEXT   NOT NULL PRIMARY KEY,
  health           TEXT,                    -- JSON, wire protocol Health; null until one arrives
  last_received_ms BIGINT NOT NULL          -- collector clock of the newest batch
);

-- The collector holding the lease (a session advisory lock) and its epoch: every write checks the epoch, so a
-- collector whose lease was taken over cannot write.
CREATE TABLE collector_lease (
  id       INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
  epoch    BIGINT  NOT NULL,
  holder   TEXT    NOT NULL,
  since_ms BIGINT  NOT NULL
);
