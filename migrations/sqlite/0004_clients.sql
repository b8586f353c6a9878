-- Who may call the API, and who did: clients with hashed tokens and scopes, and the client
-- that created each transfer (see migrations/mariadb/0004_clients.sql for each column).
CREATE TABLE clients (
    name                TEXT NOT NULL PRIMARY KEY,
    token_digest        TEXT NOT NULL UNIQUE,
    scopes              TEXT NOT NULL,
    debit_accounts      TEXT,
    certificate_subject TEXT,
    created_at          TEXT NOT NULL,
    revoked_at          TEXT
) STRICT;

-- Transfers made before clients existed were made through the open API.
ALTER TABLE transfers ADD COLUMN created_by TEXT NOT NULL DEFAULT 'anonymous';
