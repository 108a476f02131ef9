-- The designated notice process (DESIGN §4.2): notices, the listings they name, counter-notices,
-- and what Enjoin has said to each notifier.

CREATE TABLE notices (
    id             TEXT PRIMARY KEY,
    at             TEXT NOT NULL,
    notifier_name  TEXT NOT NULL,
    notifier_email TEXT NOT NULL,
    notifier_role  TEXT NOT NULL,
    document       TEXT NOT NULL,
    received       TEXT NOT NULL,
    sequence       INTEGER NOT NULL,
    receipt        TEXT NOT NULL
);
CREATE INDEX notices_notifier ON notices (notifier_email);

CREATE TABLE notice_listings (
    notice   TEXT NOT NULL REFERENCES notices (id),
    listing  TEXT NOT NULL,
    merchant TEXT,
    accepted INTEGER NOT NULL,
    reason   TEXT,
    PRIMARY KEY (notice, listing)
);
CREATE INDEX notice_listings_listing ON notice_listings (listing);

CREATE TABLE counter_notices (
    id          TEXT PRIMARY KEY,
    at          TEXT NOT NULL,
    notice      TEXT NOT NULL REFERENCES notices (id),
    listing     TEXT NOT NULL,
    merchant    TEXT NOT NULL,
    document    TEXT NOT NULL,
    restore_at  TEXT,
    status      TEXT NOT NULL,
    resolved_at TEXT
);
CREATE INDEX counter_notices_notice ON counter_notices (notice);

-- Each notifier's running record, kept as counts so judging its accuracy costs nothing per notice.
CREATE TABLE notifiers (
    email             TEXT PRIMARY KEY,
    name              TEXT NOT NULL,
    role              TEXT NOT NULL,
    notices           BIGINT NOT NULL,
    listings_accepted BIGINT NOT NULL,
    listings_rejected BIGINT NOT NULL,
    counter_noticed   BIGINT NOT NULL,
    restored          BIGINT NOT NULL,
    warned_at         TEXT,
    warning           TEXT
);
