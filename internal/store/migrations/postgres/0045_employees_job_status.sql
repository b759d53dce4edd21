-- Counting a job's current holders (career ladders' rungs) reads the index
-- alone.
CREATE INDEX employees_job_status ON employees(job_id, status);
