-- Open-enrollment progress counts who is employed on a day in each org
-- unit: an index with the unit and the employment dates answers it
-- without reading the employee rows.
CREATE INDEX employees_org_tenure ON employees(org_unit_id, hire_date, termination_date);
