-- When an employee was last reminded to acknowledge a policy version
-- (reminders go out from the due date, then weekly, until they sign).
ALTER TABLE policy_assignments ADD COLUMN reminded_on DATE;
CREATE INDEX policy_assignments_due ON policy_assignments(due_on) WHERE acknowledged_at IS NULL;
