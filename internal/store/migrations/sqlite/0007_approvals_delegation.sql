-- Approval decisions may be made by a delegate on behalf of the approver,
-- carry a version (a resubmitted request invalidates an open page), and
-- are escalated once when they wait past the SLA.
ALTER TABLE approval_requests ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE approval_requests ADD COLUMN on_behalf_of BIGINT REFERENCES users(id);
ALTER TABLE approval_requests ADD COLUMN escalated_at TIMESTAMP;

CREATE TABLE delegations (
    id               INTEGER PRIMARY KEY,
    user_id          BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    delegate_user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    starts_on        DATE NOT NULL,
    ends_on          DATE NOT NULL,
    created_at       TIMESTAMP NOT NULL
);
CREATE INDEX delegations_delegate ON delegations(delegate_user_id, starts_on, ends_on);
CREATE INDEX delegations_user ON delegations(user_id, starts_on, ends_on);
