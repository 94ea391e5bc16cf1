-- The indexed form of each record, so that lists are filtered, paged and
-- counted in SQL. The values are derived in pledgebook-core
-- (`projection::project`) and written in the same transaction as the
-- document and its revision; records written before this migration are
-- projected when the store opens (`projected = FALSE` marks them).

ALTER TABLE records
    ADD COLUMN initiative_id BIGINT REFERENCES records (id),
    ADD COLUMN parent_id BIGINT REFERENCES records (id),
    ADD COLUMN status TEXT,
    ADD COLUMN category TEXT,
    ADD COLUMN public BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN projected BOOLEAN NOT NULL DEFAULT FALSE;

CREATE INDEX records_by_initiative ON records (kind, initiative_id, public, id);
CREATE INDEX records_by_visibility ON records (kind, public, id);
CREATE INDEX records_by_status ON records (kind, status, id);
CREATE INDEX records_by_parent ON records (parent_id, kind, id);
CREATE INDEX records_by_category ON records (kind, category, id);
CREATE INDEX records_unprojected ON records (id) WHERE NOT projected;

CREATE TABLE facets (
    name      TEXT   NOT NULL,
    value     TEXT   NOT NULL,
    record_id BIGINT NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    PRIMARY KEY (name, value, record_id)
);

CREATE INDEX facets_by_record ON facets (record_id);

-- Counts per kind, initiative (scope; 0 for all), visibility, and status,
-- category or facet value, kept in the write transaction (see
-- pledgebook-store-sql's `tallies`): a page's totals and facet counts are
-- one indexed read, whatever the number of records.
CREATE TABLE tallies (
    kind   TEXT    NOT NULL,
    scope  BIGINT NOT NULL,
    public BOOLEAN NOT NULL,
    name   TEXT    NOT NULL,
    value  TEXT    NOT NULL,
    n      BIGINT NOT NULL,
    PRIMARY KEY (kind, scope, public, name, value)
);
