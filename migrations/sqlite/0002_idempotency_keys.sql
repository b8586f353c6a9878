-- Idempotency keys: the first request with a key is executed once; its outcome is stored in the
-- same transaction as its effect, so a retry gets the same answer even after a crash.
CREATE TABLE idempotency_keys (
    scope        TEXT NOT NULL,  -- the route the key belongs to ('transfers' or 'accounts')
    idem_key     TEXT NOT NULL,  -- compared byte for byte (BINARY collation)
    fingerprint  TEXT NOT NULL,  -- the request in canonical form; a retry must match it exactly
    transfer_id  TEXT,
    error_code   TEXT,           -- a refusal that was answered: a retry gets it again
    error_detail TEXT,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (scope, idem_key)
) STRICT;

CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
