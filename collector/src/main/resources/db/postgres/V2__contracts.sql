-- Contracts: violations, incidents and the outbox of events they cause (written in the same transaction).
-- Times are epoch milliseconds (UTC).

CREATE TABLE violations (
  id           TEXT    NOT NULL PRIMARY KEY,
  type         TEXT    NOT NULL,            -- patch-window-missed | response-breach | resolution-breach | ...
  party        TEXT    NOT NULL,            -- customer | msp
  client_id    TEXT    NOT NULL,
  device_id    TEXT,
  start_ms     BIGINT NOT NULL,
  end_ms       BIGINT NOT NULL,
  cause        TEXT,
  detail       TEXT,
  incident_id  TEXT,                        -- breaches: the incident whose target was missed
  evidence_ms  BIGINT,                     -- patch windows: newest sample the verdict saw
  withdrawn_ms BIGINT,                     -- set when later evidence withdrew the violation
  created_ms   BIGINT NOT NULL
);
CREATE INDEX violations_client_start ON violations (client_id, start_ms);
-- One verdict per device and window; one breach of each kind per incident.
CREATE UNIQUE INDEX violations_window ON violations (type, device_id, start_ms) WHERE incident_id IS NULL;
CREATE UNIQUE INDEX violations_incident ON violations (type, incident_id) WHERE incident_id IS NOT NULL;

CREATE TABLE incidents (
  id                  TEXT    NOT NULL PRIMARY KEY,
  client_id           TEXT    NOT NULL,
  device_id           TEXT    NOT NULL,
  rule                TEXT    NOT NULL,     -- deviceDown | diskFull | temperature | batteryWorn | patchWindowMissed
  priority            TEXT    NOT NULL,
  state               TEXT    NOT NULL,     -- open | acknowledged | resolved
  opened_ms           BIGINT NOT NULL,
  escalate_ms         BIGINT NOT NULL,     -- when escalation fires unless acknowledged
  response_due_ms     BIGINT NOT NULL,
  resolution_due_ms   BIGINT NOT NULL,
  acknowledged_ms     BIGINT,
  acknowledged_by     TEXT,
  ack_note            TEXT,
  resolved_ms         BIGINT,
  resolved_by         TEXT,
  resolution          TEXT,                 -- auto | manual
  resolve_note        TEXT,
  escalated           INTEGER NOT NULL DEFAULT 0,
  response_breached   INTEGER NOT NULL DEFAULT 0,
  resolution_breached INTEGER NOT NULL DEFAULT 0,
  detail              TEXT
);
-- At most one unresolved incident per device and rule.
CREATE UNIQUE INDEX incidents_one_open ON incidents (device_id, rule) WHERE state <> 'resolved';
CREATE INDEX incidents_client_opened ON incidents (client_id, opened_ms);

-- Events for notifications, written with the change that caused them; delivered (at least once) elsewhere.
CREATE TABLE outbox (
  seq        BIGINT  GENERATED ALWAYS AS IDENTITY, -- write order (SQLite's rowid)
  id         TEXT    NOT NULL PRIMARY KEY,
  type       TEXT,                          -- incident.opened | incident.escalated | incident.resolved | violation.opened
  created_at BIGINT,
  payload    TEXT                           -- {"id","type","at","incident"|"violation":{...}}
);
CREATE INDEX outbox_created ON outbox (created_at);

-- Small persistent state of the contract engine, e.g. how far patch windows have been judged.
CREATE TABLE contract_state (
  key   TEXT    NOT NULL PRIMARY KEY,
  value BIGINT NOT NULL
);
