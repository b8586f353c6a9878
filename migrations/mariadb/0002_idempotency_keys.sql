-- Idempotency keys: the first request with a key is executed once; its outcome is stored in the
-- same transaction as its effect, so a retry gets the same answer even after a crash.
CREATE TABLE idempotency_keys (
    -- the route the key belongs to ('transfers' or 'accounts'): one key may serve both
    scope        VARCHAR(16)  CHARACTER SET ascii NOT NULL,
    idem_key     VARBINARY(255) NOT NULL,
    -- the request in canonical form; a retry must match it exactly
    fingerprint  VARBINARY(512) NOT NULL,
    transfer_id  CHAR(36)     CHARACTER SET ascii NULL,
    -- a refusal that was answered (422, 404, 409): a retry gets it again
    error_code   VARCHAR(32)  CHARACTER SET ascii NULL,
    error_detail VARCHAR(512) NULL,
    created_at   DATETIME(6)  NOT NULL,
    PRIMARY KEY (scope, idem_key),
    INDEX idempotency_keys_by_age (created_at)
) ENGINE=InnoDB;
