-- Screening: the skills and keywords a requisition asks for (one per
-- line or comma-separated), matched against resumes.
ALTER TABLE requisitions ADD COLUMN requirements TEXT NOT NULL DEFAULT '';
-- An application waiting on a key-role offer decision.
ALTER TABLE applications ADD COLUMN approval_id BIGINT;
