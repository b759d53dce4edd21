-- Phone screens: a recruiter's structured notes (the template's prompts
-- and answers as JSON), the pay expectation in the requisition's unit, the
-- start date, what was said about work authorization, a recommendation.
CREATE TABLE phone_screens (
    id              INTEGER PRIMARY KEY,
    application_id  BIGINT NOT NULL REFERENCES applications(id),
    held_on         DATE NOT NULL,
    screener_id     BIGINT REFERENCES users(id),
    answers         TEXT NOT NULL DEFAULT '[]',
    pay_cents       BIGINT NOT NULL DEFAULT 0,
    pay_per         TEXT NOT NULL DEFAULT 'year',
    available_from  DATE,
    work_auth       TEXT NOT NULL,
    recommendation  TEXT NOT NULL,
    summary         TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX phone_screens_application ON phone_screens(application_id, held_on);
