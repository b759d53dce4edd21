-- Market pricing: survey data by source, job code and effective date
-- (annual minor units per percentile), each import, and the match of
-- Cadre's jobs to survey jobs with an adjustment for partial matches.
CREATE TABLE market_imports (
    id          INTEGER PRIMARY KEY,
    filename    TEXT NOT NULL,
    rows_count  INTEGER NOT NULL,
    imported_by BIGINT REFERENCES users(id),
    imported_at TIMESTAMP NOT NULL
);

CREATE TABLE market_data (
    id           INTEGER PRIMARY KEY,
    import_id    BIGINT NOT NULL REFERENCES market_imports(id),
    source       TEXT NOT NULL,
    job_code     TEXT NOT NULL,
    job_title    TEXT NOT NULL DEFAULT '',
    currency     TEXT NOT NULL,
    effective_on DATE NOT NULL,
    p25_cents    BIGINT NOT NULL,
    p50_cents    BIGINT NOT NULL,
    p75_cents    BIGINT NOT NULL,
    p90_cents    BIGINT NOT NULL,
    UNIQUE (source, job_code, effective_on)
);

CREATE TABLE market_matches (
    job_id     BIGINT PRIMARY KEY REFERENCES jobs(id),
    source     TEXT NOT NULL,
    job_code   TEXT NOT NULL,
    weight_bp  INTEGER NOT NULL,
    updated_by BIGINT REFERENCES users(id),
    updated_at TIMESTAMP NOT NULL
);
