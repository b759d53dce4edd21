-- Offers: pay and dates, the letter, approval, the candidate's answer
-- through a private link, pre-employment checks, and the hire.
CREATE TABLE offers (
    id              INTEGER PRIMARY KEY,
    application_id  BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    requisition_id  BIGINT NOT NULL REFERENCES requisitions(id),
    pay_amount_cents BIGINT NOT NULL,
    pay_per         TEXT NOT NULL,
    pay_currency    TEXT NOT NULL,
    sign_on_cents   BIGINT NOT NULL DEFAULT 0,
    start_date      DATE NOT NULL,
    expires_on      DATE NOT NULL,
    letter          TEXT NOT NULL,
    status          TEXT NOT NULL,
    approval_id     BIGINT REFERENCES approval_requests(id),
    outside_band    BOOLEAN NOT NULL,
    token_hash      TEXT UNIQUE,
    sent_at         TIMESTAMP,
    responded_at    TIMESTAMP,
    signed_name     TEXT NOT NULL DEFAULT '',
    decline_reason  TEXT NOT NULL DEFAULT '',
    employee_id     BIGINT REFERENCES employees(id),
    hired_at        TIMESTAMP,
    created_by      BIGINT REFERENCES users(id),
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    version         BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX offers_application ON offers(application_id);
CREATE INDEX offers_requisition ON offers(requisition_id, status);

CREATE TABLE offer_checks (
    offer_id    BIGINT NOT NULL REFERENCES offers(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    result      TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    recorded_on DATE,
    by_user_id  BIGINT REFERENCES users(id),
    PRIMARY KEY (offer_id, kind)
);
