-- Reader reviews of machine output (PostgreSQL). Same meaning as sqlite/0009_reviews.sql.
-- Numbered late on purpose: other branches add migrations 4.. meanwhile.
-- A review never changes an event: it sits beside it, keyed by the document and the event's
-- fingerprint (type + primary evidence span + ordinal, see review.rs), which survives `recode`
-- (recode gives events new row ids and may renumber e1, e2, ...).
CREATE TABLE reviews (
    id          BIGSERIAL PRIMARY KEY,
    doc_id      TEXT NOT NULL REFERENCES documents(id),
    fingerprint TEXT NOT NULL,
    eid         TEXT NOT NULL,          -- event id when reviewed (informative only)
    verdict     TEXT NOT NULL,          -- correct | wrong | edit
    field       TEXT,                   -- for edit: supplier | recipient | items | status | certainty
    value       TEXT,                   -- for edit: the reader's value
    note        TEXT,
    reviewer    TEXT,
    at          TEXT NOT NULL,          -- RFC 3339 UTC
    snapshot    TEXT NOT NULL           -- the event as the machine coded it, record-format JSON
);
CREATE INDEX reviews_doc ON reviews(doc_id, fingerprint);
