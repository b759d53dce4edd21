-- The work backbone's tasks: units of generalist work with an owner (a
-- person or a queue), a due date from a rule, a checklist and comments.
CREATE TABLE task_queues (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    sla_days    BIGINT NOT NULL DEFAULT 5
);

CREATE TABLE tasks (
    id              INTEGER PRIMARY KEY,
    title           TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    kind            TEXT NOT NULL,
    queue_id        BIGINT REFERENCES task_queues(id),
    owner_user_id   BIGINT REFERENCES users(id),
    employee_id     BIGINT REFERENCES employees(id),
    org_unit_id     BIGINT REFERENCES org_units(id),
    object_type     TEXT NOT NULL DEFAULT '',
    object_id       BIGINT,
    due_on          DATE,
    due_explanation TEXT NOT NULL DEFAULT '',
    priority        TEXT NOT NULL DEFAULT 'normal',
    status          TEXT NOT NULL DEFAULT 'open',
    rule            TEXT NOT NULL DEFAULT '',
    created_by      BIGINT,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    completed_at    TIMESTAMP,
    completed_by    BIGINT
);
CREATE INDEX tasks_owner ON tasks(owner_user_id, status, due_on);
CREATE INDEX tasks_queue ON tasks(queue_id, status, due_on);
CREATE INDEX tasks_status_due ON tasks(status, due_on);
CREATE INDEX tasks_employee ON tasks(employee_id);
CREATE INDEX tasks_object ON tasks(object_type, object_id);

CREATE TABLE task_checklist (
    id       INTEGER PRIMARY KEY,
    task_id  BIGINT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    text     TEXT NOT NULL,
    done     BOOLEAN NOT NULL,
    done_by  BIGINT,
    done_at  TIMESTAMP
);
CREATE INDEX task_checklist_task ON task_checklist(task_id, position);

CREATE TABLE task_comments (
    id         INTEGER PRIMARY KEY,
    task_id    BIGINT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    author_id  BIGINT NOT NULL REFERENCES users(id),
    body       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX task_comments_task ON task_comments(task_id, id);

-- Task templates: the configurable onboarding checklist and later others.
-- due_rule names how the due date is computed (i9_section1, i9_section2,
-- hire_plus_days); checklist is one item per line.
CREATE TABLE task_templates (
    id          INTEGER PRIMARY KEY,
    flow        TEXT NOT NULL,
    position    BIGINT NOT NULL,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    queue_key   TEXT NOT NULL,
    due_rule    TEXT NOT NULL,
    due_days    BIGINT NOT NULL DEFAULT 0,
    priority    TEXT NOT NULL DEFAULT 'normal',
    checklist   TEXT NOT NULL DEFAULT '',
    active      BOOLEAN NOT NULL
);
CREATE INDEX task_templates_flow ON task_templates(flow, position);

INSERT INTO task_queues (key, name, description, sla_days) VALUES
    ('onboarding', 'Onboarding', 'New-hire paperwork, equipment and enrollment', 3),
    ('compliance', 'Compliance', 'I-9, notices and records with legal deadlines', 2),
    ('helpdesk', 'HR help desk', 'Questions from employees about pay, benefits and policy', 2);

INSERT INTO task_templates (flow, position, title, description, queue_key, due_rule, due_days, priority, checklist, active) VALUES
    ('onboarding', 1, 'I-9 Section 1 from the new hire', 'The employee completes and signs Section 1 of Form I-9 no later than the first day of employment.', 'compliance', 'i9_section1', 0, 'high', 'Send the Form I-9 link before the first day
Confirm Section 1 is signed and dated', 1),
    ('onboarding', 2, 'I-9 Section 2: examine documents', 'Examine the employee''s original documents and complete Section 2 within three business days of the first day of employment.', 'compliance', 'i9_section2', 0, 'urgent', 'Examine original List A, or List B and List C, documents in the employee''s presence
Record document titles, numbers and expiration dates
Sign and date the certification
Create the E-Verify case, if the company uses E-Verify', 1),
    ('onboarding', 3, 'Paperwork: W-4, direct deposit and state forms', 'Collect the federal W-4, the state withholding form and direct-deposit details.', 'onboarding', 'hire_plus_days', 3, 'normal', 'Federal W-4
State withholding form
Direct-deposit authorization
Emergency contact', 1),
    ('onboarding', 4, 'Equipment and accounts', 'Laptop, badge and system accounts ready for the first day.', 'onboarding', 'hire_plus_days', -3, 'normal', 'Laptop or device ordered and imaged
Badge and building access
Email and system accounts', 1),
    ('onboarding', 5, 'Benefits enrollment window', 'The new hire elects benefits within 30 days of the hire date.', 'onboarding', 'hire_plus_days', 30, 'normal', 'Send the enrollment guide
Confirm elections or waivers are submitted', 1),
    ('onboarding', 6, 'Policy acknowledgments', 'The new hire acknowledges the handbook, code of conduct and harassment policy.', 'onboarding', 'hire_plus_days', 14, 'normal', 'Employee handbook
Code of conduct
Anti-harassment policy', 1);
