-- sitrep store schema, version 1 (PostgreSQL). Same meaning as sqlite/0001_init.sql.
CREATE TABLE documents (
    id          TEXT PRIMARY KEY,
    title       TEXT,
    published   TEXT,
    dateline    TEXT,
    url         TEXT,
    source      TEXT,
    lang        TEXT NOT NULL DEFAULT 'en',
    input       TEXT,
    body        BYTEA NOT NULL,
    warnings    TEXT NOT NULL DEFAULT '[]',
    ingested_at TEXT NOT NULL,
    coded_at    TEXT NOT NULL
);
CREATE INDEX documents_published ON documents(published);
CREATE INDEX documents_source ON documents(source);

CREATE TABLE events (
    id         BIGSERIAL PRIMARY KEY,
    doc_id     TEXT NOT NULL REFERENCES documents(id),
    eid        TEXT NOT NULL,
    type       TEXT NOT NULL,
    mode       TEXT,
    certainty  TEXT NOT NULL,
    negated    BOOLEAN NOT NULL,
    day_start  TEXT,
    day_end    TEXT,
    record     TEXT NOT NULL,
    UNIQUE (doc_id, eid)
);
CREATE INDEX events_type ON events(type);
CREATE INDEX events_day ON events(day_start);
CREATE INDEX events_certainty ON events(certainty);

CREATE TABLE event_actors (
    event   BIGINT NOT NULL REFERENCES events(id),
    role    TEXT NOT NULL,
    country TEXT,
    name    TEXT NOT NULL
);
CREATE INDEX event_actors_country ON event_actors(country, role, event);
CREATE INDEX event_actors_name ON event_actors(name, role, event);
CREATE INDEX event_actors_event ON event_actors(event);

CREATE TABLE event_items (
    event       BIGINT NOT NULL REFERENCES events(id),
    category    TEXT NOT NULL,
    designation TEXT
);
CREATE INDEX event_items_category ON event_items(category text_pattern_ops, event);
CREATE INDEX event_items_event ON event_items(event);

CREATE TABLE evidence (
    id       BIGSERIAL PRIMARY KEY,
    event    BIGINT NOT NULL REFERENCES events(id),
    sentence INTEGER NOT NULL,
    start    BIGINT NOT NULL,
    "end"    BIGINT NOT NULL,
    text     TEXT NOT NULL,
    tsv      tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED
);
CREATE INDEX evidence_event ON evidence(event);
CREATE INDEX evidence_tsv ON evidence USING GIN (tsv);

CREATE TABLE errors (
    input   TEXT PRIMARY KEY,
    code    TEXT NOT NULL,
    message TEXT NOT NULL,
    at      TEXT NOT NULL
);

CREATE TABLE seen_items (
    feed    TEXT NOT NULL,
    item    TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    PRIMARY KEY (feed, item)
);
