-- Postings: a requisition advertised on the public careers page.
CREATE TABLE postings (
    id              INTEGER PRIMARY KEY,
    requisition_id  BIGINT NOT NULL REFERENCES requisitions(id),
    slug            TEXT NOT NULL UNIQUE,
    title           TEXT NOT NULL,
    description_md  TEXT NOT NULL,
    remote          BOOLEAN NOT NULL,
    show_salary     BOOLEAN NOT NULL,
    pay_per         TEXT NOT NULL DEFAULT 'year',
    questions       TEXT NOT NULL DEFAULT '[]',
    status          TEXT NOT NULL,
    published_at    TIMESTAMP,
    closes_on       DATE,
    created_by      BIGINT REFERENCES users(id),
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    version         BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX postings_requisition ON postings(requisition_id);
CREATE INDEX postings_status ON postings(status, published_at);
