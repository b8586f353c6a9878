// Every statement the SQLite ledger store sends, in one place (all prepared, all named).
#pragma once

#include <cstddef>
#include <string>

#include "adapters/sql/repeated_list.hpp"

namespace transfers::sqlite::queries {

inline const std::string insert_account = "INSERT INTO accounts (id, balance, version) VALUES (?, ?, 0)";
inline const std::string find_account = "SELECT id, balance, version FROM accounts WHERE id = ?";
inline const std::string balance_of = "SELECT balance FROM accounts WHERE id = ?";
inline const std::string set_balance =
    "UPDATE accounts SET balance = ?, version = version + 1 WHERE id = ?";
inline const std::string find_transfer =
    "SELECT id, source_account_id, destination_account_id, amount, created_at, created_by FROM transfers "
    "WHERE id = ?";
inline const std::string transfer_exists = "SELECT 1 FROM transfers WHERE id = ?";

inline std::string lock_accounts(std::size_t count) {
    return "SELECT id, balance, version FROM accounts WHERE id IN (" + sql::repeated_list("?", count) + ") ORDER BY id";
}

inline std::string insert_transfers(std::size_t count) {
    return "INSERT INTO transfers (id, source_account_id, destination_account_id, amount, created_at, created_by) VALUES " +
           sql::repeated_list("(?, ?, ?, ?, ?, ?)", count);
}

inline std::string lock_idempotency_records(std::size_t count) {
    return "SELECT scope, idem_key, fingerprint, transfer_id, error_code, error_detail, created_at "
           "FROM idempotency_keys WHERE scope = ? AND idem_key IN (" + sql::repeated_list("?", count) +
           ") ORDER BY idem_key";
}

inline std::string insert_idempotency_records(std::size_t count) {
    return "INSERT INTO idempotency_keys (scope, idem_key, fingerprint, transfer_id, error_code, error_detail, "
           "created_at) VALUES " + sql::repeated_list("(?, ?, ?, ?, ?, ?, ?)", count);
}

// SQLite has no DELETE ... LIMIT in its default build: pick the rows first.
inline const std::string purge_idempotency_records =
    "DELETE FROM idempotency_keys WHERE rowid IN (SELECT rowid FROM idempotency_keys "
    "WHERE created_at < ? ORDER BY created_at LIMIT ?)";

inline const std::string list_transfers =
    "SELECT seq, id, source_account_id, destination_account_id, amount, created_at, created_by FROM ("
    " SELECT * FROM (SELECT seq, id, source_account_id, destination_account_id, amount, created_at, created_by"
    "  FROM transfers WHERE source_account_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?)"
    " UNION ALL"
    " SELECT * FROM (SELECT seq, id, source_account_id, destination_account_id, amount, created_at, created_by"
    "  FROM transfers WHERE destination_account_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?)"
    ") ORDER BY seq DESC LIMIT ?";

// Repairs of the Redis cache (migrations/sqlite/0003_cache_repairs.sql); one account keeps the
// higher version.
inline const std::string record_cache_repair =
    "INSERT INTO cache_repairs (account_id, version) VALUES (?, ?) "
    "ON CONFLICT (account_id) DO UPDATE SET version = max(version, excluded.version)";
inline const std::string cache_repairs =
    "SELECT account_id, version FROM cache_repairs ORDER BY account_id LIMIT ?";
inline const std::string forget_cache_repair = "DELETE FROM cache_repairs WHERE account_id = ? AND version <= ?";

}  // namespace transfers::sqlite::queries
