-- Accounts whose Redis entries may hold a state older than `version`: a batch committed that
-- version while it could not mark the entries pending in Redis. Written in the batch's own
-- transaction; the service marks the recorded accounts pending in Redis, then deletes the rows.
CREATE TABLE cache_repairs (
    account_id INTEGER NOT NULL PRIMARY KEY,
    version    INTEGER NOT NULL
) STRICT;
