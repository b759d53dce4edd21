-- A requisition's interview plan: its rounds (name, length, interviewers,
-- the criteria each round rates) as JSON; empty when none was set.
ALTER TABLE requisitions ADD COLUMN interview_plan TEXT NOT NULL DEFAULT '';
