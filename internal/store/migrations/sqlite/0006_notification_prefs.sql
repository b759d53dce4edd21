-- Per-user preference: email me my notifications (in-app always shows them).
ALTER TABLE users ADD COLUMN email_notifications BOOLEAN NOT NULL DEFAULT 1;
