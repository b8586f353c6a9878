// Row decoding: ledger rows (all columns as text) back into domain values, checked.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/sql/sql_values.hpp"
#include "domain/account.hpp"
#include "domain/transfer.hpp"
#include "ports/ledger_store.hpp"

namespace transfers::sql {

// Columns: id, balance, version. nullopt when a value is not what the schema allows.
std::optional<Account> account_from_row(const SqlRow& row);
// Columns: id, source_account_id, destination_account_id, amount, created_at, created_by.
std::optional<Transfer> transfer_from_row(const SqlRow& row);
// account_id, version.
std::optional<CacheRepair> cache_repair_from_row(const SqlRow& row);

// Columns: scope, idem_key, fingerprint, transfer_id, error_code, error_detail, created_at.
std::optional<IdempotencyRecord> idempotency_record_from_row(const SqlRow& row);
// Columns: seq, then the transfer's columns.
std::optional<SequencedTransfer> sequenced_transfer_from_row(const SqlRow& row);

// Every row decoded with `decode`, appended to `out`; fails naming `what` on a row the schema
// does not allow (a bug or a damaged database: never guessed around).
template <typename T, typename Decode>
StoreResult<void> decode_rows(const std::vector<SqlRow>& rows, Decode decode, std::string_view what, std::vector<T>& out) {
    out.reserve(out.size() + rows.size());
    for (const SqlRow& row : rows) {
        std::optional<T> value = decode(row);
        if (!value) return fail(StoreFailure{StoreFailure::Kind::unavailable, "unreadable " + std::string(what) + " row"});
        out.push_back(std::move(*value));
    }
    return {};
}

template <typename T, typename Decode>
StoreResult<std::vector<T>> decode_all(const std::vector<SqlRow>& rows, Decode decode, std::string_view what) {
    std::vector<T> out;
    if (auto decoded = decode_rows(rows, decode, what, out); !decoded) return fail(decoded.error());
    return out;
}

// The first row decoded, or nullopt when there is none.
template <typename T, typename Decode>
StoreResult<std::optional<T>> decode_first(const std::vector<SqlRow>& rows, Decode decode, std::string_view what) {
    if (rows.empty()) return std::optional<T>{};
    std::optional<T> value = decode(rows.front());
    if (!value) return fail(StoreFailure{StoreFailure::Kind::unavailable, "unreadable " + std::string(what) + " row"});
    return value;
}

// The parameters of one transfer row: id, source, destination, amount, created_at, created_by.
inline constexpr std::size_t transfer_param_count = 6;
void append_transfer_params(const Transfer& transfer, std::vector<SqlParam>& params);

// The parameters of one idempotency record, in the column order above; NULLs as nullopt.
inline constexpr std::size_t idempotency_param_count = 7;
void append_idempotency_params(const IdempotencyRecord& record, std::vector<SqlParam>& params);

// The parameters of one cache repair: account_id, version.
inline constexpr std::size_t cache_repair_param_count = 2;
void append_cache_repair_params(const CacheRepair& repair, std::vector<SqlParam>& params);

}  // namespace transfers::sql
