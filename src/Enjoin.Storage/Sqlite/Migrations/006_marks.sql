-- Issue 6: marks rights holders register outside any order (screened for review, never taken down
-- automatically), and the honest phrases reviewers allow per mark (DESIGN §4.5).

CREATE TABLE marks (
    mark         TEXT PRIMARY KEY,
    owner        TEXT NOT NULL,
    registration TEXT,
    at           TEXT NOT NULL
);

CREATE TABLE mark_allowed_phrases (
    mark   TEXT NOT NULL,
    phrase TEXT NOT NULL,
    added_by TEXT NOT NULL,
    reason TEXT NOT NULL,
    at     TEXT NOT NULL,
    PRIMARY KEY (mark, phrase)
);
