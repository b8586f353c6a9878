-- The ledger: accounts with exact balances, and every transfer ever committed.
-- DECIMAL(38,18) holds 20 integer and 18 fraction digits: exactly the range of Money.
CREATE TABLE accounts (
    id         BIGINT         NOT NULL PRIMARY KEY,
    balance    DECIMAL(38,18) NOT NULL,
    -- incremented with every balance change, so a cache can tell newer state from older
    version    BIGINT         NOT NULL DEFAULT 0,
    created_at DATETIME(6)    NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    -- the last line of defence: no update, however issued, can leave a balance negative
    CONSTRAINT accounts_balance_not_negative CHECK (balance >= 0),
    CONSTRAINT accounts_id_positive CHECK (id > 0)
) ENGINE=InnoDB;

CREATE TABLE transfers (
    -- insertion order, for stable newest-first history pages
    seq                    BIGINT         NOT NULL AUTO_INCREMENT PRIMARY KEY,
    id                     CHAR(36)       CHARACTER SET ascii NOT NULL,
    source_account_id      BIGINT         NOT NULL,
    destination_account_id BIGINT         NOT NULL,
    amount                 DECIMAL(38,18) NOT NULL,
    created_at             DATETIME(6)    NOT NULL,
    CONSTRAINT transfers_id_unique UNIQUE (id),
    CONSTRAINT transfers_amount_positive CHECK (amount > 0),
    CONSTRAINT transfers_two_accounts CHECK (source_account_id <> destination_account_id),
    CONSTRAINT transfers_source_exists FOREIGN KEY (source_account_id) REFERENCES accounts (id),
    CONSTRAINT transfers_destination_exists FOREIGN KEY (destination_account_id) REFERENCES accounts (id),
    INDEX transfers_by_source (source_account_id, seq),
    INDEX transfers_by_destination (destination_account_id, seq)
) ENGINE=InnoDB;
