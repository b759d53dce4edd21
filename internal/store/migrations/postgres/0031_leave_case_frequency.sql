-- Intermittent and reduced-schedule leave: the expected frequency and
-- duration of the episodes or the reduced hours, as the employee or the
-- certification states them ("2 episodes a month, 1 day each").
ALTER TABLE leave_cases ADD COLUMN frequency TEXT NOT NULL DEFAULT '';
