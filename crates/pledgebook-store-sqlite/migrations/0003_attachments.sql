-- Photos attached to records (progress entries). Whether one may be shown
-- publicly is decided from its record's safeguarding state, never here.
CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    record_id    INTEGER NOT NULL REFERENCES records (id),
    name         TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    bytes        BLOB    NOT NULL,
    created_at   TEXT    NOT NULL
);

CREATE INDEX attachments_by_record ON attachments (record_id);
