-- How far each device's contract occurrences (patch windows, availability months) have been judged, written in the
-- same transaction as the verdicts. Occurrences ending at or before evidence_ms are judged from complete evidence
-- (the device was heard from after their end) and are final; those ending in (evidence_ms, judged_until_ms] carry a
-- provisional verdict. A row is deleted when the client's rules change, so the open range is judged again.
CREATE TABLE contract_devices (
  device_id       TEXT    NOT NULL PRIMARY KEY,
  client_id       TEXT    NOT NULL,
  evidence_ms     BIGINT NOT NULL,
  judged_until_ms BIGINT NOT NULL
);
CREATE INDEX contract_devices_client ON contract_devices (client_id);
