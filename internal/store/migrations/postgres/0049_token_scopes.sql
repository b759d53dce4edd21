-- API token scopes (space-separated; empty = every permission of the
-- owner, as every token made before scopes was) and a per-token cap on
-- requests per minute (0 = none).
ALTER TABLE api_tokens ADD COLUMN scopes TEXT NOT NULL DEFAULT '';
ALTER TABLE api_tokens ADD COLUMN rate_limit INTEGER NOT NULL DEFAULT 0;
