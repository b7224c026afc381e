-- Document-level transfer claims (records 1.1 `transfers`), SQLite. Same meaning as
-- postgres/0010_claims.sql. One row per claim of a stored document, written in the transaction
-- that writes the document's events and replaced with them (recode). When this migration is
-- applied to an older database, the store fills the table in the same transaction from the
-- stored events (claims.rs: assembled as the pipeline assembles them).
CREATE TABLE claims (
    id             INTEGER PRIMARY KEY,
    doc_id         TEXT NOT NULL REFERENCES documents(id),
    cid            TEXT NOT NULL,          -- t1, t2, ... within the document
    supplier_code  TEXT,                   -- ISO 3166-1 alpha-3 (or an IGO's code)
    supplier_name  TEXT,                   -- canonical name, lower-cased
    recipient_code TEXT,
    recipient_name TEXT,
    status         TEXT,                   -- furthest stage, NULL when none is stated
    stance         TEXT NOT NULL,          -- asserted | hedged | denied_only
    certainty      TEXT NOT NULL,
    day_start      TEXT,                   -- the claim's date, else the publication date
    day_end        TEXT,
    embargo        INTEGER NOT NULL,       -- 1 when the claim touches a UN arms embargo
    record         TEXT NOT NULL,          -- the claim, records 1.1 JSON
    UNIQUE (doc_id, cid)
);
CREATE INDEX claims_supplier_code ON claims(supplier_code);
CREATE INDEX claims_supplier_name ON claims(supplier_name);
CREATE INDEX claims_recipient_code ON claims(recipient_code);
CREATE INDEX claims_recipient_name ON claims(recipient_name);
CREATE INDEX claims_status ON claims(status, stance);
CREATE INDEX claims_stance ON claims(stance);
CREATE INDEX claims_embargo ON claims(embargo) WHERE embargo = 1;
CREATE INDEX claims_day_start ON claims(day_start);
CREATE INDEX claims_day_end ON claims(day_end);

CREATE TABLE claim_items (
    claim    INTEGER NOT NULL REFERENCES claims(id),
    category TEXT NOT NULL                 -- one row per distinct category
);
CREATE INDEX claim_items_category ON claim_items(category, claim);
CREATE INDEX claim_items_claim ON claim_items(claim);

CREATE TABLE claim_actors (
    claim   INTEGER NOT NULL REFERENCES claims(id),
    role    TEXT NOT NULL,                 -- c claimant (claimed_by), d denier (denied_by)
    country TEXT,
    name    TEXT NOT NULL                  -- lower-cased
);
CREATE INDEX claim_actors_country ON claim_actors(country, role, claim);
CREATE INDEX claim_actors_name ON claim_actors(name, role, claim);
CREATE INDEX claim_actors_claim ON claim_actors(claim);
