-- Intermittent and reduced-schedule leave: the expected frequency and
-- duration of the episodes or the reduced hours, as the employee or the
-- certification states them ("2 episodes a month, 1 day each").
ALTER TABLE leave_cases ADD COLUMN frequency TEXT NOT NULL DEFAULT '';
-- Overtime the employee is normally required to work (hours a week, in
-- hundredths): part of the usual workweek FMLA leave is measured against
-- (29 CFR 825.205(c)).
ALTER TABLE leave_cases ADD COLUMN overtime_centi BIGINT NOT NULL DEFAULT 0;
