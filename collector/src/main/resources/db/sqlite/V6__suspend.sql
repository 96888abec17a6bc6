-- The newest event of a device is `suspend` (the OS announced sleep): the device is asleep, not silent, until it is
-- heard again (issue 12: sleep announced before it happens).
ALTER TABLE device_progress ADD COLUMN suspended INTEGER NOT NULL DEFAULT 0;
