-- The audit log (issue 14): every operator action and every refused API token. A row of an action is inserted in the
-- transaction of the action's own writes; AUTOINCREMENT so that ids stay ascending after old rows are pruned.
CREATE TABLE audit_log (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  at_ms      INTEGER NOT NULL,
  token_name TEXT,                 -- API token name; NULL for a refused token; never a token itself
  address    TEXT,                 -- peer IP address
  action     TEXT    NOT NULL,     -- incident.acknowledge, device.retire, token.refused, ...
  target     TEXT,                 -- incident or device id, or "METHOD path" of a refused request
  detail     TEXT
);
CREATE INDEX audit_log_at ON audit_log (at_ms);
