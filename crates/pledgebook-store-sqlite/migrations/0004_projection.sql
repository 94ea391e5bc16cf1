-- The indexed form of each record, so that lists are filtered, paged and
-- counted in SQL. The values are derived in pledgebook-core
-- (`projection::project`) and written in the same transaction as the
-- document and its revision; records written before this migration are
-- projected when the store opens (`projected = 0` marks them).

ALTER TABLE records ADD COLUMN initiative_id INTEGER REFERENCES records (id);
ALTER TABLE records ADD COLUMN parent_id INTEGER REFERENCES records (id);
ALTER TABLE records ADD COLUMN status TEXT;
ALTER TABLE records ADD COLUMN category TEXT;
ALTER TABLE records ADD COLUMN public BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE records ADD COLUMN projected BOOLEAN NOT NULL DEFAULT FALSE;

-- Lists of a kind within an initiative, public or not, in id order (keyset paging).
CREATE INDEX records_by_initiative ON records (kind, initiative_id, public, id);
-- Lists of a kind across initiatives.
CREATE INDEX records_by_visibility ON records (kind, public, id);
-- Review queues and status filters.
CREATE INDEX records_by_status ON records (kind, status, id);
-- A commitment's reports and indicators.
CREATE INDEX records_by_parent ON records (parent_id, kind, id);
-- Organisations by kind.
CREATE INDEX records_by_category ON records (kind, category, id);
CREATE INDEX records_unprojected ON records (id) WHERE NOT projected;

-- Multi-valued facets: ("pillar", "act"), ("node", "1-(ii)"), ("period", "FY2018").
CREATE TABLE facets (
    name      TEXT    NOT NULL,
    value     TEXT    NOT NULL,
    record_id INTEGER NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    PRIMARY KEY (name, value, record_id)
) WITHOUT ROWID;

CREATE INDEX facets_by_record ON facets (record_id);

-- Counts per kind, initiative (scope; 0 for all), visibility, and status,
-- category or facet value, kept in the write transaction (see
-- pledgebook-store-sql's `tallies`): a page's totals and facet counts are
-- one indexed read, whatever the number of records.
CREATE TABLE tallies (
    kind   TEXT    NOT NULL,
    scope  INTEGER NOT NULL,
    public BOOLEAN NOT NULL,
    name   TEXT    NOT NULL,
    value  TEXT    NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (kind, scope, public, name, value)
);
