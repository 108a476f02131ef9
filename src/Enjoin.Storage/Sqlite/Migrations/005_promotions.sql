-- DESIGN §3, §4.4: promotion events as received, and the exposures among them — promotions the gate
-- would have denied at their own time, with the reasons (knowledge codes and bases) they contradict.

CREATE TABLE promotions (
    id       TEXT PRIMARY KEY,
    surface  TEXT NOT NULL,
    merchant TEXT NOT NULL,
    listing  TEXT,
    at       TEXT NOT NULL,
    audience TEXT,
    -- The canonical event: the same id again with other content is refused.
    record   TEXT NOT NULL
);
CREATE INDEX promotions_merchant ON promotions (merchant);

CREATE TABLE exposures (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    promotion TEXT NOT NULL UNIQUE REFERENCES promotions (id),
    surface   TEXT NOT NULL,
    merchant  TEXT NOT NULL,
    listing   TEXT,
    at        TEXT NOT NULL,
    codes     TEXT NOT NULL,
    reasons   TEXT NOT NULL,
    -- The exposure_recorded ledger event.
    seq       INTEGER NOT NULL
);
CREATE INDEX exposures_merchant ON exposures (merchant, at);
