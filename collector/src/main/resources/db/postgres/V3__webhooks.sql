-- Webhook deliveries: one row per (outbox event, configured webhook) that subscribes to the event's type.
-- The outbox is written by the contract engine (V2); it is created here too so this migration stands alone.
-- Times are epoch milliseconds (UTC).
CREATE TABLE IF NOT EXISTS outbox (seq BIGINT GENERATED ALWAYS AS IDENTITY, id TEXT PRIMARY KEY, type TEXT,
  created_at BIGINT, payload TEXT);

CREATE TABLE webhook_delivery (
  event_id        TEXT    NOT NULL,          -- outbox.id, sent as X-Uptally-Delivery
  webhook         TEXT    NOT NULL,          -- the webhook's configured name
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT,                   -- null once delivered
  delivered_at    BIGINT,                   -- set only after a 2xx answer
  last_error      TEXT,                      -- why the last attempt failed (status or I/O error), never a secret
  PRIMARY KEY (event_id, webhook)
);
CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE delivered_at IS NULL;
