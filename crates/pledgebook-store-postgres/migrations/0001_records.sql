-- pledgebook's schema for PostgreSQL; the same tables as the SQLite
-- backend, in PostgreSQL's own types. Never edited after release: later
-- changes go in new numbered files.

CREATE TABLE records (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind       TEXT        NOT NULL,
    key        TEXT        NOT NULL,
    version    BIGINT      NOT NULL CHECK (version > 0),
    doc        JSONB       NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    UNIQUE (kind, key)
);

CREATE TABLE links (
    record_id BIGINT NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    rel       TEXT   NOT NULL,
    target_id BIGINT NOT NULL REFERENCES records (id),
    PRIMARY KEY (record_id, rel, target_id)
);

CREATE INDEX links_by_target ON links (target_id, rel);

CREATE TABLE revisions (
    seq       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    record_id BIGINT      NOT NULL REFERENCES records (id),
    kind      TEXT        NOT NULL,
    version   BIGINT      NOT NULL,
    action    TEXT        NOT NULL,
    actor_id  BIGINT      REFERENCES records (id),
    actor     TEXT        NOT NULL,
    at        TIMESTAMPTZ NOT NULL,
    note      TEXT,
    doc       JSONB       NOT NULL,
    UNIQUE (record_id, version)
);

CREATE FUNCTION revisions_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'revisions are append-only';
END;
$$;

CREATE TRIGGER revisions_are_append_only BEFORE UPDATE OR DELETE ON revisions
    FOR EACH ROW EXECUTE FUNCTION revisions_are_append_only();

CREATE TABLE credentials (
    user_id       BIGINT PRIMARY KEY REFERENCES records (id),
    password_hash TEXT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    BIGINT      NOT NULL REFERENCES records (id),
    csrf       TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX sessions_by_expiry ON sessions (expires_at);

CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id    BIGINT      NOT NULL REFERENCES records (id),
    label      TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
