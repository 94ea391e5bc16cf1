-- Several instances send each notification once: a sender claims messages
-- (claimed_until) before sending; a failed delivery is tried again later
-- (next_attempt_at, backing off) until it has failed too often (given_up),
-- with the reason on the outbox page.

ALTER TABLE outbox ADD COLUMN attempts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN claimed_until TIMESTAMPTZ;
ALTER TABLE outbox ADD COLUMN next_attempt_at TIMESTAMPTZ;
ALTER TABLE outbox ADD COLUMN given_up BOOLEAN NOT NULL DEFAULT FALSE;

CREATE INDEX outbox_due ON outbox (id) WHERE sent_at IS NULL AND NOT given_up;
