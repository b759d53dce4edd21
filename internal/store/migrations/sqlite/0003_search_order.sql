-- Name search orders and filters by status from the search table alone,
-- so a common name does not visit every matching employee row.
ALTER TABLE employee_search ADD COLUMN status TEXT NOT NULL DEFAULT 'active';
ALTER TABLE employee_search ADD COLUMN sort_key TEXT NOT NULL DEFAULT '';
UPDATE employee_search SET
    status = (SELECT e.status FROM employees e WHERE e.id = employee_search.employee_id),
    sort_key = (SELECT e.sort_key FROM employees e WHERE e.id = employee_search.employee_id);
CREATE INDEX employee_search_order ON employee_search(token, status, sort_key, employee_id);
