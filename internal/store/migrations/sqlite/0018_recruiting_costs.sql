-- Recruiting costs by month, ANSI/SHRM category and (optionally) source
-- channel, for cost-per-hire and source effectiveness.
CREATE TABLE recruiting_costs (
    id           INTEGER PRIMARY KEY,
    month        DATE NOT NULL,
    category     TEXT NOT NULL,
    amount_cents BIGINT NOT NULL,
    source       TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    created_by   BIGINT REFERENCES users(id),
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX recruiting_costs_month ON recruiting_costs(month);
CREATE INDEX applications_applied ON applications(applied_at);
CREATE INDEX requisitions_closed ON requisitions(status, closed_on);
