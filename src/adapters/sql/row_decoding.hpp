// Row decoding: ledger rows (all columns as text) back into domain values, checked.
#pragma once

#include <optional>

#include "adapters/sql/sql_values.hpp"
#include "domain/account.hpp"
#include "domain/transfer.hpp"
#include "ports/ledger_store.hpp"

namespace transfers::sql {

// Columns: id, balance, version. nullopt when a value is not what the schema allows.
std::optional<Account> account_from_row(const SqlRow& row);
// Columns: id, source_account_id, destination_account_id, amount, created_at.
std::optional<Transfer> transfer_from_row(const SqlRow& row);

// Columns: scope, idem_key, fingerprint, transfer_id, error_code, error_detail, created_at.
std::optional<IdempotencyRecord> idempotency_record_from_row(const SqlRow& row);
// Columns: seq, then the transfer's columns.
std::optional<SequencedTransfer> sequenced_transfer_from_row(const SqlRow& row);

// The parameters of one idempotency record, in the column order above; NULLs as nullopt.
void append_idempotency_params(const IdempotencyRecord& record, std::vector<SqlParam>& params);

}  // namespace transfers::sql
