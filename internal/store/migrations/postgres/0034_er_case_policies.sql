-- The policies an ER case involves (the conduct at issue, the procedure
-- followed): the case page lists them, and a policy shows how many cases
-- cite it to those who oversee ER.
CREATE TABLE er_case_policies (
    case_id   BIGINT NOT NULL REFERENCES er_cases(id),
    policy_id BIGINT NOT NULL REFERENCES policies(id),
    PRIMARY KEY (case_id, policy_id)
);
CREATE INDEX er_case_policies_policy ON er_case_policies(policy_id);
