-- Device lifecycle and hardware lifetimes (issue 13): a device's retirement ends its timeline; the inventories that
-- changed its hardware are kept in order, so hardware changes and drive lifetimes can be derived from consecutive
-- ones; an operator's correction of a change (an upgrade is no failure) is kept beside them.
ALTER TABLE device_progress ADD COLUMN retired_at_ms BIGINT;
ALTER TABLE device_progress ADD COLUMN retired_reason TEXT;        -- failed | replaced | decommissioned
ALTER TABLE device_progress ADD COLUMN retired_note TEXT;
ALTER TABLE device_progress ADD COLUMN retired_by TEXT;            -- API token name
ALTER TABLE device_progress ADD COLUMN retired_recorded_ms BIGINT;

CREATE TABLE inventory_history (
  device_id  TEXT    NOT NULL REFERENCES devices(device_id) ON DELETE CASCADE,
  at_ms      BIGINT  NOT NULL,                 -- device time (skew-corrected) of the sample that carried it
  inventory  TEXT    NOT NULL,             -- JSON, wire protocol Inventory
  PRIMARY KEY (device_id, at_ms)
);

-- what the collector held before this table existed is each device's first known inventory
INSERT INTO inventory_history (device_id, at_ms, inventory)
  SELECT device_id, updated_ms, inventory FROM device_inventory;

CREATE TABLE hardware_change_corrections (
  change_id    TEXT    NOT NULL PRIMARY KEY,
  device_id    TEXT    NOT NULL REFERENCES devices(device_id) ON DELETE CASCADE,
  failure      BOOLEAN NOT NULL,
  note         TEXT,
  corrected_by TEXT,
  corrected_ms BIGINT  NOT NULL
);
CREATE INDEX hardware_change_corrections_device ON hardware_change_corrections (device_id);
