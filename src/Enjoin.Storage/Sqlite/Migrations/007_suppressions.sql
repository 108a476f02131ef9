-- Issue 5: promotions the gate suppressed — denials marketplace systems asked for, counted per merchant,
-- surface and UTC day (allows are not logged one by one).

CREATE TABLE promotions_suppressed (
    merchant TEXT NOT NULL,
    surface  TEXT NOT NULL,
    day      TEXT NOT NULL,
    count    BIGINT NOT NULL,
    PRIMARY KEY (merchant, surface, day)
);
