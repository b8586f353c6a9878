#include "adapters/mariadb/mariadb_transaction.hpp"

#include <algorithm>
#include <cassert>

#include "adapters/mariadb/ledger_queries.hpp"
#include "adapters/sql/row_decoding.hpp"

namespace transfers::mariadb {

StoreFailure MariaDbTransaction::failed(DbError error) {
    StoreFailure failure{StoreFailure::Kind::unavailable, error.message};
    error_ = std::move(error);
    return failure;
}

StoreResult<std::vector<Account>> MariaDbTransaction::lock_accounts(std::span<const AccountId> ids) {
    assert(!ids.empty());
    assert(std::is_sorted(ids.begin(), ids.end()));
    assert(std::adjacent_find(ids.begin(), ids.end()) == ids.end());
    auto statement = connection_.prepared(queries::lock_accounts(ids.size()));
    if (!statement) return fail(failed(statement.error()));
    std::vector<SqlParam> params;
    params.reserve(ids.size());
    for (AccountId id : ids) params.emplace_back(id.value);
    auto rows = (*statement)->query(params);
    if (!rows) return fail(failed(rows.error()));
    std::vector<Account> accounts;
    accounts.reserve(rows->size());
    for (const SqlRow& row : *rows) {
        auto account = sql::account_from_row(row);
        if (!account) return fail(StoreFailure{StoreFailure::Kind::unavailable, "unreadable account row"});
        assert(!account->balance.is_negative());
        accounts.push_back(*account);
    }
    return accounts;
}

StoreResult<void> MariaDbTransaction::add_to_balances(std::span<const BalanceDelta> deltas) {
    auto statement = connection_.prepared(queries::add_to_balance);
    if (!statement) return fail(failed(statement.error()));
    for (const BalanceDelta& change : deltas) {
        const SqlParam params[] = {change.delta.to_string(), change.account.value};
        auto updated = (*statement)->execute(params);
        if (!updated) return fail(failed(updated.error()));
        if (*updated != 1) {
            return fail(StoreFailure{StoreFailure::Kind::unavailable,
                                     "balance update touched " + std::to_string(*updated) + " rows"});
        }
    }
    return {};
}

StoreResult<void> MariaDbTransaction::insert_transfers(std::span<const Transfer> transfers) {
    assert(!transfers.empty());
    auto statement = connection_.prepared(queries::insert_transfers(transfers.size()));
    if (!statement) return fail(failed(statement.error()));
    std::vector<SqlParam> params;
    params.reserve(transfers.size() * 5);
    for (const Transfer& transfer : transfers) {
        params.emplace_back(transfer.id.value);
        params.emplace_back(transfer.source.value);
        params.emplace_back(transfer.target.value);
        params.emplace_back(transfer.amount.to_string());
        params.emplace_back(format_sql_datetime(transfer.created_at));
    }
    auto inserted = (*statement)->execute(params);
    if (!inserted) return fail(failed(inserted.error()));
    return {};
}

}  // namespace transfers::mariadb
