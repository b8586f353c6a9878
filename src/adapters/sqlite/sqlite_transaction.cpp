#include "adapters/sqlite/sqlite_transaction.hpp"

#include <algorithm>
#include <cassert>

#include "adapters/sql/row_decoding.hpp"
#include "adapters/sqlite/sqlite_ledger_queries.hpp"
#include "adapters/sqlite/sqlite_store_failures.hpp"

namespace transfers::sqlite {

StoreResult<std::vector<Account>> SqliteTransaction::lock_accounts(std::span<const AccountId> ids) {
    assert(!ids.empty());
    assert(std::is_sorted(ids.begin(), ids.end()));
    auto statement = connection_.prepared(queries::lock_accounts(ids.size()));
    if (!statement) return fail(unavailable(statement.error()));
    std::vector<SqlParam> params;
    params.reserve(ids.size());
    for (AccountId id : ids) params.emplace_back(id.value);
    auto rows = (*statement)->query(params);
    if (!rows) return fail(unavailable(rows.error()));
    return sql::decode_all<Account>(*rows, sql::account_from_row, "account");
}

StoreResult<Money> SqliteTransaction::balance_of(AccountId id) {
    auto statement = connection_.prepared(queries::balance_of);
    if (!statement) return fail(unavailable(statement.error()));
    const SqlParam params[] = {id.value};
    auto rows = (*statement)->query(params);
    if (!rows) return fail(unavailable(rows.error()));
    if (rows->size() != 1 || !rows->front().at(0)) {
        return fail(StoreFailure{StoreFailure::Kind::unavailable, "balance update of a missing account"});
    }
    auto balance = Money::parse(*rows->front().at(0));
    if (!balance) return fail(StoreFailure{StoreFailure::Kind::unavailable, "unreadable balance"});
    return *balance;
}

StoreResult<void> SqliteTransaction::add_to_balances(std::span<const BalanceDelta> deltas) {
    auto statement = connection_.prepared(queries::set_balance);
    if (!statement) return fail(unavailable(statement.error()));
    for (const BalanceDelta& change : deltas) {
        auto balance = balance_of(change.account);
        if (!balance) return fail(balance.error());
        auto updated = balance->checked_add(change.delta);
        if (!updated) return fail(StoreFailure{StoreFailure::Kind::unavailable, "balance out of range"});
        // A negative result is written anyway: the table's CHECK refuses it, as on MariaDB.
        const SqlParam params[] = {updated->to_string(), change.account.value};
        auto changed = (*statement)->execute(params);
        if (!changed) return fail(unavailable(changed.error()));
        assert(*changed == 1);
    }
    return {};
}

StoreResult<void> SqliteTransaction::insert_transfers(std::span<const Transfer> transfers) {
    assert(!transfers.empty());
    auto statement = connection_.prepared(queries::insert_transfers(transfers.size()));
    if (!statement) return fail(unavailable(statement.error()));
    std::vector<SqlParam> params;
    params.reserve(transfers.size() * 5);
    for (const Transfer& transfer : transfers) sql::append_transfer_params(transfer, params);
    auto inserted = (*statement)->execute(params);
    if (!inserted) return fail(unavailable(inserted.error()));
    return {};
}

StoreResult<void> SqliteTransaction::insert_account(const Account& account) {
    auto statement = connection_.prepared(queries::insert_account);
    if (!statement) return fail(unavailable(statement.error()));
    const SqlParam params[] = {account.id.value, account.balance.to_string()};
    auto inserted = (*statement)->execute(params);
    if (inserted) return {};
    if (inserted.error().unique_violation()) {
        return fail(StoreFailure{StoreFailure::Kind::duplicate, inserted.error().message});
    }
    return fail(unavailable(inserted.error()));
}

StoreResult<std::vector<IdempotencyRecord>> SqliteTransaction::lock_idempotency_records(
    std::span<const IdempotencyKey> keys) {
    std::vector<IdempotencyRecord> records;
    for (const IdempotencyKey& key : keys) {
        auto statement = connection_.prepared(queries::lock_idempotency_records(1));
        if (!statement) return fail(unavailable(statement.error()));
        const SqlParam params[] = {key.scope, key.key};
        auto rows = (*statement)->query(params);
        if (!rows) return fail(unavailable(rows.error()));
        if (auto decoded = sql::decode_rows(*rows, sql::idempotency_record_from_row, "idempotency", records); !decoded) {
            return fail(decoded.error());
        }
    }
    return records;
}

StoreResult<void> SqliteTransaction::insert_idempotency_records(std::span<const IdempotencyRecord> records) {
    for (const IdempotencyRecord& record : records) {
        auto statement = connection_.prepared(queries::insert_idempotency_records(1));
        if (!statement) return fail(unavailable(statement.error()));
        std::vector<SqlParam> params;
        sql::append_idempotency_params(record, params);
        auto inserted = (*statement)->execute(params);
        if (!inserted) return fail(unavailable(inserted.error()));
    }
    return {};
}

StoreResult<void> SqliteTransaction::record_cache_repairs(std::span<const CacheRepair> repairs) {
    auto statement = connection_.prepared(queries::record_cache_repair);
    if (!statement) return fail(unavailable(statement.error()));
    for (const CacheRepair& repair : repairs) {
        std::vector<SqlParam> params;
        sql::append_cache_repair_params(repair, params);
        auto recorded = (*statement)->execute(params);
        if (!recorded) return fail(unavailable(recorded.error()));
    }
    return {};
}

}  // namespace transfers::sqlite
