-- Insights: whether a voluntary separation was regretted (the company
-- wanted to keep the person), for regretted turnover. NULL for periods
-- that have not ended or were ended before this was asked.
ALTER TABLE employment_periods ADD COLUMN regretted BOOLEAN;

-- The executive dashboard counts today's headcount by org unit, job and
-- tenure from this index alone, and the outstanding policy
-- acknowledgments from theirs.
-- It starts as employees_status_org did, which it replaces.
CREATE INDEX employees_insights ON employees(status, org_unit_id, job_id, hire_date, termination_date, weekly_hours);
DROP INDEX employees_status_org;
CREATE INDEX policy_assignments_outstanding ON policy_assignments(version_id, org_unit_id, due_on) WHERE acknowledged_at IS NULL;
