-- The legislative change log: a change in the law the HR manager records
-- (jurisdiction, effective date, summary, source), its assessed impact
-- (the policies, locations and jobs affected, as JSON) and the tasks it
-- created.
CREATE TABLE legislative_changes (
    id           INTEGER PRIMARY KEY,
    jurisdiction TEXT NOT NULL,
    title        TEXT NOT NULL,
    summary      TEXT NOT NULL,
    source_url   TEXT NOT NULL DEFAULT '',
    effective_on DATE NOT NULL,
    status       TEXT NOT NULL,
    impact       TEXT NOT NULL DEFAULT '',
    affected     TEXT NOT NULL DEFAULT '{}',
    created_by   BIGINT REFERENCES users(id),
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX legislative_changes_effective ON legislative_changes(effective_on);
