-- Bonus plans: the performance period, pay date, status and approval;
-- design is the JSON of the targets by grade, the company factor, the
-- individual factors by rating and the cap. Payouts are computed, and
-- paid as one-time payments (source bonus_plan:ID).
CREATE TABLE bonus_plans (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    status       TEXT NOT NULL,
    period_start DATE NOT NULL,
    period_end   DATE NOT NULL,
    pay_date     DATE NOT NULL,
    design       TEXT NOT NULL,
    approval_id  BIGINT,
    created_at   TIMESTAMP NOT NULL,
    paid_at      TIMESTAMP
);
