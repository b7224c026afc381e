-- sitrep store schema, version 1 (SQLite). Same meaning as postgres/0001_init.sql.
CREATE TABLE documents (
    id          TEXT PRIMARY KEY,          -- hash of the normalised text (Document::id)
    title       TEXT,
    published   TEXT,                      -- YYYY-MM-DD
    dateline    TEXT,
    url         TEXT,
    source      TEXT,
    lang        TEXT NOT NULL DEFAULT 'en',
    input       TEXT,                      -- where it was read from (path, path#n, URL)
    body        BLOB NOT NULL,             -- the exact bytes coded; recode re-runs on them
    warnings    TEXT NOT NULL DEFAULT '[]',-- JSON array of strings
    ingested_at TEXT NOT NULL,
    coded_at    TEXT NOT NULL
);
CREATE INDEX documents_published ON documents(published);
CREATE INDEX documents_source ON documents(source);

CREATE TABLE events (
    id         INTEGER PRIMARY KEY,
    doc_id     TEXT NOT NULL REFERENCES documents(id),
    eid        TEXT NOT NULL,              -- e1, e2, ... within the document
    type       TEXT NOT NULL,
    mode       TEXT,
    certainty  TEXT NOT NULL,
    negated    INTEGER NOT NULL,
    day_start  TEXT,                       -- event date, else the document's publication date
    day_end    TEXT,
    record     TEXT NOT NULL,              -- the event in the record format, as JSON
    UNIQUE (doc_id, eid)
);
CREATE INDEX events_type ON events(type);
CREATE INDEX events_day ON events(day_start);
CREATE INDEX events_certainty ON events(certainty);

-- role: s source, t target, S supplier, R recipient, c claimant (attribution)
CREATE TABLE event_actors (
    event   INTEGER NOT NULL REFERENCES events(id),
    role    TEXT NOT NULL,
    country TEXT,
    name    TEXT NOT NULL                  -- lower-cased canonical name
);
-- Covering: a filter reads event ids straight from the index.
CREATE INDEX event_actors_country ON event_actors(country, role, event);
CREATE INDEX event_actors_name ON event_actors(name, role, event);
CREATE INDEX event_actors_event ON event_actors(event);

CREATE TABLE event_items (
    event       INTEGER NOT NULL REFERENCES events(id),
    category    TEXT NOT NULL,             -- dotted taxonomy code
    designation TEXT
);
CREATE INDEX event_items_category ON event_items(category, event);
CREATE INDEX event_items_event ON event_items(event);

CREATE TABLE evidence (
    id       INTEGER PRIMARY KEY,
    event    INTEGER NOT NULL REFERENCES events(id),
    sentence INTEGER NOT NULL,
    start    INTEGER NOT NULL,
    "end"    INTEGER NOT NULL,
    text     TEXT NOT NULL
);
CREATE INDEX evidence_event ON evidence(event);

CREATE VIRTUAL TABLE evidence_fts USING fts5(
    text, content = 'evidence', content_rowid = 'id', tokenize = 'porter unicode61'
);
CREATE TRIGGER evidence_ai AFTER INSERT ON evidence BEGIN
    INSERT INTO evidence_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER evidence_ad AFTER DELETE ON evidence BEGIN
    INSERT INTO evidence_fts(evidence_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;

-- One row per failed input; a later success for the same input removes it.
CREATE TABLE errors (
    input   TEXT PRIMARY KEY,
    code    TEXT NOT NULL,
    message TEXT NOT NULL,
    at      TEXT NOT NULL
);

-- Feed items already ingested by `sitrep watch`.
CREATE TABLE seen_items (
    feed    TEXT NOT NULL,
    item    TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    PRIMARY KEY (feed, item)
);
