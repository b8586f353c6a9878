-- Who may call the API, and who did: clients with hashed tokens and scopes, and the client
-- that created each transfer.
CREATE TABLE clients (
    -- unique forever: a revoked client keeps its row, so the audit trail never names two clients
    name                VARCHAR(64)   CHARACTER SET ascii NOT NULL PRIMARY KEY,
    -- hex SHA-256 of the token; the token itself is shown once and never stored
    token_digest        CHAR(64)      CHARACTER SET ascii NOT NULL,
    -- comma-separated scope names (accounts:read, ..., admin)
    scopes              VARCHAR(128)  CHARACTER SET ascii NOT NULL,
    -- the accounts it may debit, as ids and ranges ("1000-1999,2500"); NULL: any account
    debit_accounts      TEXT          CHARACTER SET ascii NULL,
    -- a client certificate subject (RFC 2253) that identifies it under mutual TLS
    certificate_subject VARCHAR(1024) NULL,
    created_at          DATETIME(6)   NOT NULL,
    revoked_at          DATETIME(6)   NULL,
    CONSTRAINT clients_token_digest_unique UNIQUE (token_digest)
) ENGINE=InnoDB;

-- Transfers made before clients existed were made through the open API.
ALTER TABLE transfers ADD COLUMN created_by VARCHAR(64) CHARACTER SET ascii NOT NULL DEFAULT 'anonymous';
