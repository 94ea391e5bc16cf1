-- Notifications are written to the outbox in the same transaction as the
-- change they report, so none is lost and none is sent for a change that
-- was rolled back. A sender delivers them by SMTP when one is configured.

CREATE TABLE outbox (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    to_email   TEXT        NOT NULL,
    subject    TEXT        NOT NULL,
    body       TEXT        NOT NULL,
    record_id  BIGINT      REFERENCES records (id),
    created_at TIMESTAMPTZ NOT NULL,
    sent_at    TIMESTAMPTZ,
    error      TEXT
);

CREATE INDEX outbox_unsent ON outbox (sent_at, id);

CREATE TABLE follows (
    user_id   BIGINT NOT NULL REFERENCES records (id),
    record_id BIGINT NOT NULL REFERENCES records (id),
    PRIMARY KEY (user_id, record_id)
);
