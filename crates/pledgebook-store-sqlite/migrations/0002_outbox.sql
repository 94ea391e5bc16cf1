-- Notifications are written to the outbox in the same transaction as the
-- change they report, so none is lost and none is sent for a change that
-- was rolled back. A sender delivers them by SMTP when one is configured.

CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    to_email   TEXT    NOT NULL,
    subject    TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    record_id  INTEGER REFERENCES records (id),
    created_at TEXT    NOT NULL,
    sent_at    TEXT,
    error      TEXT
);

CREATE INDEX outbox_unsent ON outbox (sent_at, id);

-- People who asked to be told about a record.
CREATE TABLE follows (
    user_id   INTEGER NOT NULL REFERENCES records (id),
    record_id INTEGER NOT NULL REFERENCES records (id),
    PRIMARY KEY (user_id, record_id)
);
