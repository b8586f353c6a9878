-- The ledger for the embedded default. SQLite has no exact DECIMAL type, so money is stored as
-- canonical decimal text and all arithmetic happens in the service's 128-bit Money type.
CREATE TABLE accounts (
    id         INTEGER PRIMARY KEY CHECK (id > 0),
    balance    TEXT    NOT NULL,
    -- incremented with every balance change, so a cache can tell newer state from older
    version    INTEGER NOT NULL DEFAULT 0,
    created_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
    -- the last line of defence: no update, however issued, can store a negative balance
    CONSTRAINT accounts_balance_not_negative CHECK (balance NOT LIKE '-%')
) STRICT;

CREATE TABLE transfers (
    -- insertion order, for stable newest-first history pages
    seq                    INTEGER PRIMARY KEY AUTOINCREMENT,
    id                     TEXT    NOT NULL UNIQUE,
    source_account_id      INTEGER NOT NULL REFERENCES accounts (id),
    destination_account_id INTEGER NOT NULL REFERENCES accounts (id),
    amount                 TEXT    NOT NULL,
    created_at             TEXT    NOT NULL,
    CONSTRAINT transfers_amount_positive CHECK (amount NOT LIKE '-%' AND amount <> '0'),
    CONSTRAINT transfers_two_accounts CHECK (source_account_id <> destination_account_id)
) STRICT;

CREATE INDEX transfers_by_source ON transfers (source_account_id, seq);

CREATE INDEX transfers_by_destination ON transfers (destination_account_id, seq);
