-- SCIM clients look people up by userName (the work email), compared
-- case-insensitively: an index on the lower-cased email serves it.
CREATE INDEX employees_work_email_lower ON employees(lower(work_email));
-- And incremental reads (meta.lastModified gt "…").
CREATE INDEX employees_updated_at ON employees(updated_at);
