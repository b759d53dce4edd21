-- Export feeds: a subscription can also be a file feed that pushes the
-- payroll file (after each pay-period export, through a payroll provider
-- template) or the directory (daily or weekly) to an HTTPS endpoint,
-- signed and retried like any webhook. It runs as its owner.
ALTER TABLE webhook_subscriptions ADD COLUMN kind TEXT NOT NULL DEFAULT 'events';
ALTER TABLE webhook_subscriptions ADD COLUMN template TEXT NOT NULL DEFAULT '';
ALTER TABLE webhook_subscriptions ADD COLUMN frequency TEXT NOT NULL DEFAULT '';
ALTER TABLE webhook_subscriptions ADD COLUMN weekday INTEGER NOT NULL DEFAULT 1;
ALTER TABLE webhook_subscriptions ADD COLUMN last_sent_on DATE;
