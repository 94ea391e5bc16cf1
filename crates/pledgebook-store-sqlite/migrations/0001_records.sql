-- pledgebook's schema. Applied once; never edited after release: later
-- changes go in new numbered files.
--
-- Records are JSON documents of one kind each (organisation, initiative,
-- commitment, ...), unique by (kind, key). Their references to each other
-- are mirrored in `links`, where foreign keys keep them honest.

CREATE TABLE records (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT    NOT NULL,
    key        TEXT    NOT NULL,
    version    INTEGER NOT NULL CHECK (version > 0),
    doc        TEXT    NOT NULL CHECK (json_valid(doc)),
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    UNIQUE (kind, key)
);

CREATE TABLE links (
    record_id INTEGER NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    rel       TEXT    NOT NULL,
    target_id INTEGER NOT NULL REFERENCES records (id),
    PRIMARY KEY (record_id, rel, target_id)
) WITHOUT ROWID;

CREATE INDEX links_by_target ON links (target_id, rel);

-- Every change to every record, with the document as it was afterwards.
-- `seq` is the change log the search index follows.
CREATE TABLE revisions (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    record_id INTEGER NOT NULL REFERENCES records (id),
    kind      TEXT    NOT NULL,
    version   INTEGER NOT NULL,
    action    TEXT    NOT NULL,
    actor_id  INTEGER REFERENCES records (id),
    actor     TEXT    NOT NULL,
    at        TEXT    NOT NULL,
    note      TEXT,
    doc       TEXT    NOT NULL,
    UNIQUE (record_id, version)
);

CREATE TRIGGER revisions_are_append_only_update BEFORE UPDATE ON revisions
BEGIN
    SELECT RAISE(ABORT, 'revisions are append-only');
END;

CREATE TRIGGER revisions_are_append_only_delete BEFORE DELETE ON revisions
BEGIN
    SELECT RAISE(ABORT, 'revisions are append-only');
END;

-- Password hashes live apart from user records so that revisions, exports
-- and the API never carry them.
CREATE TABLE credentials (
    user_id       INTEGER PRIMARY KEY REFERENCES records (id),
    password_hash TEXT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES records (id),
    csrf       TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    expires_at TEXT    NOT NULL
);

CREATE INDEX sessions_by_expiry ON sessions (expires_at);

CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES records (id),
    label      TEXT    NOT NULL,
    created_at TEXT    NOT NULL
);
