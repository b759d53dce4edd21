-- Multi-step approvals: each request knows its steps (from the approval
-- rules at request time) and every step's decision is kept.
ALTER TABLE approval_requests ADD COLUMN step BIGINT NOT NULL DEFAULT 1;
ALTER TABLE approval_requests ADD COLUMN steps TEXT NOT NULL DEFAULT 'hr_manager';

CREATE TABLE approval_decisions (
    id           INTEGER PRIMARY KEY,
    approval_id  BIGINT NOT NULL REFERENCES approval_requests(id) ON DELETE CASCADE,
    step         BIGINT NOT NULL,
    approver     TEXT NOT NULL,
    decided_by   BIGINT NOT NULL REFERENCES users(id),
    on_behalf_of BIGINT REFERENCES users(id),
    decision     TEXT NOT NULL,
    comment      TEXT NOT NULL DEFAULT '',
    decided_at   TIMESTAMP NOT NULL
);
CREATE INDEX approval_decisions_approval ON approval_decisions(approval_id, id);
