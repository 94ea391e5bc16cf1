-- Photos attached to records (progress entries). Whether one may be shown
-- publicly is decided from its record's safeguarding state, never here.
CREATE TABLE attachments (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    record_id    BIGINT      NOT NULL REFERENCES records (id),
    name         TEXT        NOT NULL,
    content_type TEXT        NOT NULL,
    bytes        BYTEA       NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL
);

CREATE INDEX attachments_by_record ON attachments (record_id);
