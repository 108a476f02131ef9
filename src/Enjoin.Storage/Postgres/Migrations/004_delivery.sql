-- The webhook adapter: where each action's delivery stands, so that a restarted server resumes every
-- delivery not answered (same Idempotency-Key: the action id), and failures stay visible.

CREATE TABLE action_deliveries (
    action_id       BIGINT PRIMARY KEY REFERENCES actions (id),
    destination     TEXT NOT NULL,
    attempts        INTEGER NOT NULL,
    sent_at         TIMESTAMPTZ NOT NULL,
    last_attempt_at TIMESTAMPTZ,
    last_status     INTEGER,
    last_error      TEXT,
    next_attempt_at TIMESTAMPTZ,
    answered_at     TIMESTAMPTZ
);

-- Signatures of the confirmations applied: each is accepted once, so a replay is refused.
CREATE TABLE confirmation_signatures (
    signature TEXT PRIMARY KEY,
    action_id BIGINT NOT NULL REFERENCES actions (id),
    signed_at TIMESTAMPTZ NOT NULL,
    used_at   TIMESTAMPTZ NOT NULL
);
