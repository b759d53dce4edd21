-- Approval chains: per kind of request, the configured steps (JSON: a
-- list of {approvers, any, when}); a kind without a row uses its default.
CREATE TABLE approval_chains (
    kind       TEXT PRIMARY KEY,
    definition TEXT NOT NULL,
    updated_by BIGINT REFERENCES users(id),
    updated_at TIMESTAMPTZ NOT NULL
);

-- The rule of the first release (an HR director step after the HR
-- manager's for involuntary terminations) becomes a termination chain.
INSERT INTO approval_chains (kind, definition, updated_at)
SELECT 'termination', '[{"approvers":["hr_manager"]},{"approvers":["hr_director"],"when":[{"fact":"involuntary","op":"=","value":1}]}]', CURRENT_TIMESTAMP
FROM settings WHERE key = 'approvals.involuntary_termination_needs_director' AND value = 'true';
DELETE FROM settings WHERE key = 'approvals.involuntary_termination_needs_director';

-- The people a request's steps wait on, for "waiting on me" lists.
CREATE TABLE approval_assignees (
    approval_id BIGINT NOT NULL REFERENCES approval_requests(id) ON DELETE CASCADE,
    step        BIGINT NOT NULL,
    user_id     BIGINT NOT NULL REFERENCES users(id),
    PRIMARY KEY (approval_id, step, user_id)
);
CREATE INDEX approval_assignees_user ON approval_assignees(user_id, approval_id);
