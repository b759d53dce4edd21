-- The oversight numbers count hires and exits in date windows.
CREATE INDEX employment_periods_start ON employment_periods(start_date);
CREATE INDEX employment_periods_end ON employment_periods(end_date);
