-- Enjoin's state and ledger, SQLite. Times are ISO-8601 UTC text with six fractional digits,
-- so that they sort and compare as text.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- DESIGN §6.3: append-only, hash-linked. Nothing updates or deletes a row (triggers below).
CREATE TABLE ledger (
    seq         INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    kind        TEXT NOT NULL,
    actor       TEXT NOT NULL,
    subject     TEXT NOT NULL,
    payload     TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX ledger_subject ON ledger (subject);

CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;

CREATE TABLE merchants (
    id                  TEXT PRIMARY KEY,
    store_name          TEXT,
    store_url           TEXT,
    payout_account      TEXT,
    email               TEXT,
    phone               TEXT,
    address             TEXT,
    premium             INTEGER NOT NULL,
    name_key            TEXT,
    url_key             TEXT,
    account             TEXT NOT NULL DEFAULT 'active',
    payouts_held        INTEGER NOT NULL DEFAULT 0,
    records_held        INTEGER NOT NULL DEFAULT 0,
    storefront_disabled INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX merchants_name_key ON merchants (name_key);
CREATE INDEX merchants_url_key ON merchants (url_key);
CREATE INDEX merchants_payout ON merchants (payout_account);
CREATE INDEX merchants_email ON merchants (email);
CREATE INDEX merchants_phone ON merchants (phone);

CREATE TABLE listings (
    id          TEXT PRIMARY KEY,
    merchant    TEXT NOT NULL REFERENCES merchants (id),
    title       TEXT,
    description TEXT,
    brand       TEXT,
    images      TEXT NOT NULL,
    price       TEXT,
    currency    TEXT,
    status      TEXT NOT NULL,
    -- SHA-256 of the last listing event applied: the same event twice changes nothing.
    event_hash  TEXT
);
CREATE INDEX listings_merchant ON listings (merchant);

CREATE TABLE orders (
    id             TEXT PRIMARY KEY,
    kind           TEXT NOT NULL,
    case_number    TEXT,
    court          TEXT,
    plaintiff      TEXT,
    issued         TEXT,
    served         TEXT NOT NULL,
    expires        TEXT,
    supersedes     TEXT,
    modifies       TEXT,
    marks          TEXT NOT NULL,
    covers_aliases INTEGER NOT NULL,
    in_force       INTEGER NOT NULL,
    document       TEXT NOT NULL
);

CREATE TABLE clauses (
    order_id TEXT NOT NULL REFERENCES orders (id),
    ordinal  INTEGER NOT NULL,
    ref      TEXT NOT NULL,
    kind     TEXT NOT NULL,
    status   TEXT NOT NULL,
    since    TEXT,
    PRIMARY KEY (order_id, ordinal)
);

CREATE TABLE defendants (
    order_id     TEXT NOT NULL REFERENCES orders (id),
    no           INTEGER NOT NULL,
    name         TEXT,
    seller_id    TEXT,
    store_url    TEXT,
    status       TEXT NOT NULL,
    dismissed_at TEXT,
    PRIMARY KEY (order_id, no)
);

CREATE TABLE defendant_merchants (
    order_id TEXT NOT NULL,
    no       INTEGER NOT NULL,
    merchant TEXT NOT NULL REFERENCES merchants (id),
    method   TEXT NOT NULL,
    at       TEXT NOT NULL,
    PRIMARY KEY (order_id, no, merchant),
    FOREIGN KEY (order_id, no) REFERENCES defendants (order_id, no)
);
CREATE INDEX defendant_merchants_merchant ON defendant_merchants (merchant);

CREATE TABLE actions (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    kind           TEXT NOT NULL,
    merchant       TEXT NOT NULL,
    listing        TEXT,
    status         TEXT NOT NULL,
    basis          TEXT NOT NULL,
    at             TEXT NOT NULL,
    confirmed_at   TEXT,
    cause_seq      INTEGER NOT NULL,
    order_id       TEXT,
    clause_ordinal INTEGER
);
CREATE INDEX actions_status ON actions (status);
CREATE INDEX actions_merchant ON actions (merchant);

CREATE TABLE review_items (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT NOT NULL,
    status     TEXT NOT NULL,
    merchant   TEXT,
    listing    TEXT,
    order_id   TEXT,
    defendant  INTEGER,
    evidence   TEXT NOT NULL,
    created    TEXT NOT NULL,
    decided_at TEXT,
    decided_by TEXT,
    reason     TEXT
);
CREATE INDEX review_items_status ON review_items (status);
CREATE INDEX review_items_merchant ON review_items (merchant);
CREATE INDEX review_items_order ON review_items (order_id);

CREATE TABLE knowledge (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    code     TEXT NOT NULL,
    merchant TEXT NOT NULL,
    listing  TEXT,
    basis    TEXT NOT NULL,
    since    TEXT NOT NULL,
    until    TEXT,
    key      TEXT NOT NULL
);
CREATE INDEX knowledge_merchant ON knowledge (merchant);
CREATE INDEX knowledge_listing ON knowledge (listing);
CREATE INDEX knowledge_key ON knowledge (key);
CREATE INDEX knowledge_open_code ON knowledge (code) WHERE until IS NULL;

CREATE TABLE strikes (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    merchant     TEXT NOT NULL,
    source       TEXT NOT NULL,
    source_id    TEXT NOT NULL,
    issued       TEXT NOT NULL,
    expires      TEXT NOT NULL,
    withdrawn_at TEXT
);
CREATE INDEX strikes_merchant ON strikes (merchant);

CREATE TABLE deadlines (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    due      TEXT NOT NULL,
    kind     TEXT NOT NULL,
    subject  TEXT NOT NULL,
    fired_at TEXT
);
CREATE INDEX deadlines_due ON deadlines (due) WHERE fired_at IS NULL;
