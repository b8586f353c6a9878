-- Accounts whose Redis entries may hold a state older than `version`: a batch committed that
-- version while it could not mark the entries pending in Redis (Redis failed, or the breaker
-- was open). Written in the batch's own transaction, so a repair exists exactly when its commit
-- does; every instance marks the recorded accounts pending in Redis and then deletes the rows,
-- so they are repaired even if the instance that committed them never comes back.
CREATE TABLE cache_repairs (
    account_id BIGINT NOT NULL PRIMARY KEY,
    version    BIGINT NOT NULL
) ENGINE=InnoDB;
