// Row decoding: ledger rows (all columns as text) back into domain values, checked.
#pragma once

#include <optional>

#include "adapters/sql/sql_values.hpp"
#include "domain/account.hpp"
#include "domain/transfer.hpp"

namespace transfers::sql {

// Columns: id, balance, version. nullopt when a value is not what the schema allows.
std::optional<Account> account_from_row(const SqlRow& row);
// Columns: id, source_account_id, destination_account_id, amount, created_at.
std::optional<Transfer> transfer_from_row(const SqlRow& row);

}  // namespace transfers::sql
