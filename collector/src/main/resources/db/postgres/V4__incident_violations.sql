-- Which violations an incident stands for: a patchWindowMissed incident is opened by one miss and joined by the
-- misses recorded while it is unresolved; it resolves itself when every one of them is withdrawn.
CREATE TABLE incident_violations (
  incident_id  TEXT NOT NULL,
  violation_id TEXT NOT NULL,
  PRIMARY KEY (incident_id, violation_id)
);

-- Before this table an incident was linked to its misses by time: the misses recorded while it was unresolved.
INSERT INTO incident_violations (incident_id, violation_id)
SELECT i.id, v.id
  FROM incidents i
  JOIN violations v ON v.device_id = i.device_id AND v.type = 'patch-window-missed'
 WHERE i.rule = 'patchWindowMissed'
   AND v.created_ms >= i.opened_ms
   AND (i.resolved_ms IS NULL OR v.created_ms <= i.resolved_ms)
ON CONFLICT DO NOTHING;
