-- Pay design: the compensation philosophy (each save a new version), pay
-- zones (a worksite's geographic differential, basis points of the
-- national range), and salary structures with their grades. The grades
-- in force stay in pay_grades (what jobs point to); activating a
-- structure writes its grades there and moves the jobs it maps.
CREATE TABLE comp_philosophies (
    id                INTEGER PRIMARY KEY,
    version           INTEGER NOT NULL UNIQUE,
    target_percentile INTEGER NOT NULL,
    base_mix_bp       INTEGER NOT NULL,
    range_spread_bp   INTEGER NOT NULL,
    progression_bp    INTEGER NOT NULL,
    merit_budget_bp   INTEGER NOT NULL,
    body              TEXT NOT NULL,
    created_by        BIGINT REFERENCES users(id),
    created_at        TIMESTAMP NOT NULL
);

CREATE TABLE pay_zones (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,
    differential_bp INTEGER NOT NULL,
    note            TEXT NOT NULL DEFAULT ''
);
ALTER TABLE locations ADD COLUMN pay_zone_id BIGINT REFERENCES pay_zones(id);

CREATE TABLE pay_structures (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    currency       TEXT NOT NULL,
    effective_from DATE NOT NULL,
    status         TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    created_by     BIGINT REFERENCES users(id),
    created_at     TIMESTAMP NOT NULL,
    activated_by   BIGINT REFERENCES users(id),
    activated_at   TIMESTAMP
);

CREATE TABLE pay_structure_grades (
    id           INTEGER PRIMARY KEY,
    structure_id BIGINT NOT NULL REFERENCES pay_structures(id),
    name         TEXT NOT NULL,
    min_cents    BIGINT NOT NULL,
    mid_cents    BIGINT NOT NULL,
    max_cents    BIGINT NOT NULL,
    position     INTEGER NOT NULL,
    UNIQUE (structure_id, name)
);

CREATE TABLE pay_structure_jobs (
    structure_id BIGINT NOT NULL REFERENCES pay_structures(id),
    job_id       BIGINT NOT NULL REFERENCES jobs(id),
    grade_name   TEXT NOT NULL,
    PRIMARY KEY (structure_id, job_id)
);
