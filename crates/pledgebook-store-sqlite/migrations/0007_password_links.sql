-- One-time links, sent by e-mail, with which a person sets a password: an
-- invitation to a new account, or a reset. Only the hash of the link's
-- token is kept, as for sessions; using the link deletes every link of the
-- account.
CREATE TABLE password_links (
    token_hash TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES records (id),
    created_at TEXT    NOT NULL,
    expires_at TEXT    NOT NULL
);

CREATE INDEX password_links_by_user ON password_links (user_id);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id);
