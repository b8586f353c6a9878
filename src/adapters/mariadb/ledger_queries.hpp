// Every statement the MariaDB ledger store sends, in one place (all prepared, all named).
#pragma once

#include <cstddef>
#include <string>

namespace transfers::mariadb::queries {

inline const std::string insert_account =
    "INSERT INTO accounts (id, balance, version) VALUES (?, CAST(? AS DECIMAL(38,18)), 0)";

inline const std::string find_account = "SELECT id, balance, version FROM accounts WHERE id = ?";


inline const std::string find_transfer =
    "SELECT id, source_account_id, destination_account_id, amount, created_at, created_by FROM transfers "
    "WHERE id = ?";

// A locking read waits for a transaction still writing the row, so its answer is final.
inline const std::string transfer_committed = "SELECT 1 FROM transfers WHERE id = ? LOCK IN SHARE MODE";

// "... WHERE id IN (?, ?, ...) ORDER BY id FOR UPDATE": the primary key is scanned in
// ascending order, so rows are locked in id order, which rules out lock-order deadlocks.
std::string lock_accounts(std::size_t count);

// One transfer record: id, source, destination, amount, created_at, created_by. Run with array binding, as
// insert_idempotency_record is: one execution, one round trip, for every record of a batch
// whatever its size (MariaDbTransaction::insert_rows), and nothing for the server to parse.
inline const std::string insert_transfer =
    "INSERT INTO transfers (id, source_account_id, destination_account_id, amount, created_at, created_by) "
    "VALUES (?, ?, ?, CAST(? AS DECIMAL(38,18)), ?, ?)";

// Relative update of `count` accounts in one statement, over "WHERE id IN (...)". The server
// computes each new balance from the locked row, so no update can be lost even if a read
// elsewhere were stale; the table's CHECK (balance >= 0) backs it up. The delta of each row is
// found by a two-level CASE: the accounts, in ascending id order, are cut into groups of
// balance_update_group(count); "CASE WHEN id <= <last id of group 1> THEN CASE id WHEN ? THEN ?
// ... END WHEN id <= <last id of group 2> THEN ... END". The server tries CASE arms one after
// the other, so a flat CASE costs count/2 comparisons per row; this costs about sqrt(count)
// (measured on uniform batches of ~110 accounts: 5% less server CPU per transfer).
// Parameters: per group, its last id then (id, delta) per account; then the ids again.
// (Measured too, and slower: one array-bound "UPDATE ... WHERE id = ?" per account, and a join
// with a VALUES table of deltas.)
std::size_t balance_update_group(std::size_t count);
std::string add_to_balances(std::size_t count);

// Locking read of idempotency records of one scope: keys not stored yet are locked too (gap
// locks), so two requests with one new key serialize (one of them retries after a deadlock).
std::string lock_idempotency_records(std::size_t count);
inline const std::string insert_idempotency_record =
    "INSERT INTO idempotency_keys (scope, idem_key, fingerprint, transfer_id, error_code, error_detail, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";

inline const std::string purge_idempotency_records =
    "DELETE FROM idempotency_keys WHERE created_at < ? ORDER BY created_at LIMIT ?";

// An account's history, newest first: both directions, each read through its own index.
inline const std::string list_transfers =
    "SELECT seq, id, source_account_id, destination_account_id, amount, created_at, created_by FROM ("
    " (SELECT seq, id, source_account_id, destination_account_id, amount, created_at, created_by FROM transfers"
    "  WHERE source_account_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?)"
    " UNION ALL"
    " (SELECT seq, id, source_account_id, destination_account_id, amount, created_at, created_by FROM transfers"
    "  WHERE destination_account_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?)"
    ") AS history ORDER BY seq DESC LIMIT ?";

// Repairs of the Redis cache (migrations/mariadb/0003_cache_repairs.sql). Recorded with array
// binding, one row per account; an account already recorded keeps the higher version.
inline const std::string record_cache_repair =
    "INSERT INTO cache_repairs (account_id, version) VALUES (?, ?) "
    "ON DUPLICATE KEY UPDATE version = GREATEST(version, VALUES(version))";
inline const std::string cache_repairs =
    "SELECT account_id, version FROM cache_repairs ORDER BY account_id LIMIT ?";
inline const std::string forget_cache_repair = "DELETE FROM cache_repairs WHERE account_id = ? AND version <= ?";

}  // namespace transfers::mariadb::queries
