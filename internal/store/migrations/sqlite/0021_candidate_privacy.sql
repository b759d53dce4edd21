-- Candidate data retention: a legal hold keeps the data; an erasure
-- request shortens the retention to the federal minimum; purged_at marks
-- a candidate whose personal data was erased (what remains is anonymous).
ALTER TABLE candidates ADD COLUMN legal_hold BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE candidates ADD COLUMN hold_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE candidates ADD COLUMN erase_requested_at TIMESTAMP;
ALTER TABLE candidates ADD COLUMN purged_at TIMESTAMP;
CREATE INDEX candidates_purge ON candidates(purged_at, legal_hold);
CREATE INDEX applications_decided ON applications(candidate_id, status, updated_at);
