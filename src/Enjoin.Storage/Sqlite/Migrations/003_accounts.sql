-- People sign in; systems use API keys. Neither a password nor a key is stored in clear.

CREATE TABLE users (
    name          TEXT PRIMARY KEY,
    role          TEXT NOT NULL,
    owner         TEXT,
    password_hash TEXT NOT NULL,
    created       TEXT NOT NULL
);

CREATE TABLE api_keys (
    id         TEXT PRIMARY KEY,
    secret_sha TEXT NOT NULL,
    role       TEXT NOT NULL,
    owner      TEXT,
    created    TEXT NOT NULL,
    revoked_at TEXT
);

-- Who submitted a notice or served an order through Enjoin: a rights holder sees only its own.
ALTER TABLE notices ADD COLUMN owner TEXT;
ALTER TABLE orders ADD COLUMN owner TEXT;
