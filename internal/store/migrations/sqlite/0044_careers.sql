-- Careers: competencies with five described proficiency levels, ladders
-- (a job family's individual-contributor or management track) whose rungs
-- are jobs, explicit paths between jobs, what each job requires
-- (competency levels and credentials), key roles for succession,
-- assessments (self and line manager), readiness, development plans,
-- the certification and licence catalogue, employees' credentials with
-- their recertification credit log and expiry reminders, and training
-- sessions' credits.
CREATE TABLE competencies (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    category    TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    levels      TEXT NOT NULL,
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE career_ladders (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    family      TEXT NOT NULL,
    track       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE career_rungs (
    id             INTEGER PRIMARY KEY,
    ladder_id      BIGINT NOT NULL REFERENCES career_ladders(id),
    position       BIGINT NOT NULL,
    job_id         BIGINT NOT NULL REFERENCES jobs(id),
    summary        TEXT NOT NULL DEFAULT '',
    typical_months BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX career_rungs_job ON career_rungs(job_id);
CREATE INDEX career_rungs_ladder ON career_rungs(ladder_id, position);

CREATE TABLE career_paths (
    id          INTEGER PRIMARY KEY,
    from_job_id BIGINT NOT NULL REFERENCES jobs(id),
    to_job_id   BIGINT NOT NULL REFERENCES jobs(id),
    kind        TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX career_paths_pair ON career_paths(from_job_id, to_job_id);

CREATE TABLE job_competencies (
    job_id        BIGINT NOT NULL REFERENCES jobs(id),
    competency_id BIGINT NOT NULL REFERENCES competencies(id),
    level         BIGINT NOT NULL,
    PRIMARY KEY (job_id, competency_id)
);

CREATE TABLE certifications (
    id               INTEGER PRIMARY KEY,
    name             TEXT NOT NULL UNIQUE,
    abbreviation     TEXT NOT NULL DEFAULT '',
    issuer           TEXT NOT NULL,
    kind             TEXT NOT NULL,
    validity_months  BIGINT NOT NULL DEFAULT 0,
    credits_required BIGINT NOT NULL DEFAULT 0,
    credit_unit      TEXT NOT NULL DEFAULT '',
    description      TEXT NOT NULL DEFAULT '',
    url              TEXT NOT NULL DEFAULT '',
    active           BOOLEAN NOT NULL DEFAULT TRUE,
    updated_at       TIMESTAMP NOT NULL
);

CREATE TABLE job_certifications (
    job_id           BIGINT NOT NULL REFERENCES jobs(id),
    certification_id BIGINT NOT NULL REFERENCES certifications(id),
    required         BOOLEAN NOT NULL,
    PRIMARY KEY (job_id, certification_id)
);
CREATE INDEX job_certifications_cert ON job_certifications(certification_id);

CREATE TABLE succession_roles (
    job_id     BIGINT PRIMARY KEY REFERENCES jobs(id),
    note       TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE competency_assessments (
    id            INTEGER PRIMARY KEY,
    employee_id   BIGINT NOT NULL REFERENCES employees(id),
    competency_id BIGINT NOT NULL REFERENCES competencies(id),
    rater         TEXT NOT NULL,
    rater_user_id BIGINT REFERENCES users(id),
    rater_name    TEXT NOT NULL DEFAULT '',
    rating        BIGINT NOT NULL,
    evidence      TEXT NOT NULL DEFAULT '',
    assessed_on   DATE NOT NULL,
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX competency_assessments_employee ON competency_assessments(employee_id, competency_id, assessed_on);

CREATE TABLE career_readiness (
    id          INTEGER PRIMARY KEY,
    employee_id BIGINT NOT NULL REFERENCES employees(id),
    job_id      BIGINT NOT NULL REFERENCES jobs(id),
    status      TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    set_by      BIGINT REFERENCES users(id),
    set_by_name TEXT NOT NULL DEFAULT '',
    set_on      DATE NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX career_readiness_employee ON career_readiness(employee_id, job_id);
CREATE INDEX career_readiness_job ON career_readiness(job_id);

CREATE TABLE development_plans (
    id            INTEGER PRIMARY KEY,
    employee_id   BIGINT NOT NULL REFERENCES employees(id),
    target_job_id BIGINT REFERENCES jobs(id),
    title         TEXT NOT NULL,
    status        TEXT NOT NULL,
    created_by    BIGINT REFERENCES users(id),
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX development_plans_employee ON development_plans(employee_id);

CREATE TABLE development_goals (
    id               INTEGER PRIMARY KEY,
    plan_id          BIGINT NOT NULL REFERENCES development_plans(id),
    competency_id    BIGINT REFERENCES competencies(id),
    certification_id BIGINT REFERENCES certifications(id),
    target_level     BIGINT NOT NULL DEFAULT 0,
    description      TEXT NOT NULL,
    done_at          TIMESTAMP
);
CREATE INDEX development_goals_plan ON development_goals(plan_id);

CREATE TABLE development_actions (
    id         INTEGER PRIMARY KEY,
    plan_id    BIGINT NOT NULL REFERENCES development_plans(id),
    goal_id    BIGINT REFERENCES development_goals(id),
    kind       TEXT NOT NULL,
    title      TEXT NOT NULL,
    due_on     DATE,
    task_id    BIGINT REFERENCES tasks(id),
    done_at    TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX development_actions_plan ON development_actions(plan_id);

CREATE TABLE development_checkins (
    id          INTEGER PRIMARY KEY,
    plan_id     BIGINT NOT NULL REFERENCES development_plans(id),
    author_id   BIGINT REFERENCES users(id),
    author_name TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX development_checkins_plan ON development_checkins(plan_id);

CREATE TABLE credentials (
    id                     INTEGER PRIMARY KEY,
    employee_id            BIGINT NOT NULL REFERENCES employees(id),
    certification_id       BIGINT NOT NULL REFERENCES certifications(id),
    number                 TEXT NOT NULL DEFAULT '',
    issued_on              DATE NOT NULL,
    expires_on             DATE,
    document_id            BIGINT REFERENCES documents(id),
    verified_by            BIGINT REFERENCES users(id),
    verified_at            TIMESTAMP,
    cost_cents             BIGINT NOT NULL DEFAULT 0,
    reimbursement          TEXT NOT NULL DEFAULT 'none',
    reimbursed_cents       BIGINT NOT NULL DEFAULT 0,
    notes                  TEXT NOT NULL DEFAULT '',
    renewed_by             BIGINT REFERENCES credentials(id),
    created_at             TIMESTAMP NOT NULL,
    updated_at             TIMESTAMP NOT NULL
);
CREATE INDEX credentials_employee ON credentials(employee_id);
CREATE INDEX credentials_expiry ON credentials(expires_on);
CREATE INDEX credentials_cert ON credentials(certification_id);

CREATE TABLE credential_credits (
    id            INTEGER PRIMARY KEY,
    credential_id BIGINT NOT NULL REFERENCES credentials(id),
    earned_on     DATE NOT NULL,
    credits_x100  BIGINT NOT NULL,
    activity      TEXT NOT NULL,
    category      TEXT NOT NULL DEFAULT '',
    created_by    BIGINT REFERENCES users(id),
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX credential_credits_credential ON credential_credits(credential_id);

CREATE TABLE credential_reminders (
    credential_id BIGINT NOT NULL REFERENCES credentials(id),
    days          BIGINT NOT NULL,
    expires_on    DATE NOT NULL,
    sent_at       TIMESTAMP NOT NULL,
    PRIMARY KEY (credential_id, days, expires_on)
);

ALTER TABLE er_trainings ADD COLUMN credits_x100 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE er_trainings ADD COLUMN certification_id BIGINT REFERENCES certifications(id);

INSERT INTO task_queues (key, name, description, sla_days) VALUES
    ('development', 'Learning and development', 'Development actions and credential renewals of employees without an account, credential verification and reimbursement', 5);
