-- Open-enrollment progress counts who is employed on a day in each org
-- unit: an index with the unit and the employment dates answers it
-- without reading the employee rows.
CREATE INDEX employees_org_tenure ON employees(org_unit_id, hire_date, termination_date);

-- The home page's SLA trend and team workload count tasks by status and
-- completion time: one index carries every column they read.
CREATE INDEX tasks_status_completed ON tasks(status, completed_at, due_on, owner_user_id, org_unit_id, created_at);

-- Each home page lists the statements its reader was asked to
-- acknowledge (ER interview entries naming them as a party).
CREATE INDEX er_entries_party ON er_entries(party_id);

-- Open-enrollment progress reads each enrollment's status by window and
-- employee: from the index alone.
CREATE INDEX benefit_enrollments_status ON benefit_enrollments(window_id, employee_id, status);
