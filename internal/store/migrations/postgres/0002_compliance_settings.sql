-- Company closure days for the business calendar (rules engine defaults).
CREATE TABLE company_closures (
    closure_date DATE PRIMARY KEY,
    name         TEXT NOT NULL
);
