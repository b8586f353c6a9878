#include "adapters/mariadb/mariadb_transaction.hpp"

#include <algorithm>
#include <cassert>

#include "adapters/mariadb/ledger_queries.hpp"
#include "adapters/sql/row_decoding.hpp"
#include "adapters/sql/statement_shapes.hpp"

namespace transfers::mariadb {
namespace {

// Bound on one statement of a batch: at most this many accounts (or keys) per locking read
// or update, which keeps statements (and their prepared shapes) small.
constexpr std::size_t accounts_per_statement_max = 1024;

bool by_account(const BalanceDelta& left, const BalanceDelta& right) { return left.account < right.account; }

}  // namespace

StoreFailure MariaDbTransaction::failed(DbError error) {
    StoreFailure failure{StoreFailure::Kind::unavailable, error.message};
    error_ = std::move(error);
    return failure;
}

StoreResult<std::vector<Account>> MariaDbTransaction::lock_accounts(std::span<const AccountId> ids) {
    assert(!ids.empty());
    assert(std::is_sorted(ids.begin(), ids.end()));
    assert(std::adjacent_find(ids.begin(), ids.end()) == ids.end());
    std::vector<Account> accounts;
    accounts.reserve(ids.size());
    // Chunks go in ascending order too, so locks are still taken in id order overall.
    for (std::size_t first = 0; first < ids.size(); first += accounts_per_statement_max) {
        const auto chunk = ids.subspan(first, std::min(accounts_per_statement_max, ids.size() - first));
        if (auto locked = lock_chunk(chunk, accounts); !locked) return fail(locked.error());
    }
    return accounts;
}

StoreResult<void> MariaDbTransaction::lock_chunk(std::span<const AccountId> ids, std::vector<Account>& accounts) {
    const std::size_t shape = sql::padded_size(ids.size());
    auto statement = connection_.prepared(queries::lock_accounts(shape));
    if (!statement) return fail(failed(statement.error()));
    std::vector<SqlParam> params;
    params.reserve(shape);
    for (std::size_t i = 0; i < shape; ++i) params.emplace_back(ids[std::min(i, ids.size() - 1)].value);
    auto rows = (*statement)->query(params);
    if (!rows) return fail(failed(rows.error()));
    return sql::decode_rows(*rows, sql::account_from_row, "account", accounts);
}

StoreResult<void> MariaDbTransaction::add_to_balances(std::span<const BalanceDelta> deltas) {
    // The statement finds each row's delta by id range (queries::add_to_balances), so the
    // deltas go in ascending id order; a caller's order is only a convenience, not a promise.
    std::vector<BalanceDelta> sorted;
    if (!std::is_sorted(deltas.begin(), deltas.end(), by_account)) {
        sorted.assign(deltas.begin(), deltas.end());
        std::sort(sorted.begin(), sorted.end(), by_account);
        deltas = sorted;
    }
    for (std::size_t first = 0; first < deltas.size(); first += accounts_per_statement_max) {
        const auto chunk = deltas.subspan(first, std::min(accounts_per_statement_max, deltas.size() - first));
        if (auto added = add_chunk(chunk); !added) return fail(added.error());
    }
    return {};
}

StoreResult<void> MariaDbTransaction::add_chunk(std::span<const BalanceDelta> deltas) {
    const std::size_t shape = sql::padded_size(deltas.size());
    auto statement = connection_.prepared(queries::add_to_balances(shape));
    if (!statement) return fail(failed(statement.error()));
    // Padding repeats the last account: its arms are identical, so the first one found wins.
    auto padded = [&](std::size_t i) -> const BalanceDelta& { return deltas[std::min(i, deltas.size() - 1)]; };
    const std::size_t group = queries::balance_update_group(shape);
    std::vector<SqlParam> params;
    params.reserve(shape * 3 + shape / group + 1);
    for (std::size_t first = 0; first < shape; first += group) {
        const std::size_t end = std::min(shape, first + group);
        params.emplace_back(padded(end - 1).account.value);
        for (std::size_t i = first; i < end; ++i) {
            params.emplace_back(padded(i).account.value);
            params.emplace_back(padded(i).delta.to_string());
        }
    }
    for (std::size_t i = 0; i < shape; ++i) params.emplace_back(padded(i).account.value);
    auto updated = (*statement)->execute(params);
    if (!updated) return fail(failed(updated.error()));
    if (*updated != deltas.size()) {
        return fail(StoreFailure{StoreFailure::Kind::unavailable, "balance update touched " + std::to_string(*updated) +
                                                                      " rows, not " + std::to_string(deltas.size())});
    }
    return {};
}

StoreResult<void> MariaDbTransaction::insert_transfers(std::span<const Transfer> transfers) {
    return insert_rows(queries::insert_transfer, transfers, sql::transfer_param_count, sql::append_transfer_params);
}

template <typename Row>
StoreResult<void> MariaDbTransaction::insert_rows(const std::string& sql, std::span<const Row> rows,
                                                  std::size_t columns,
                                                  void (*append)(const Row&, std::vector<SqlParam>&)) {
    assert(!rows.empty());
    std::vector<SqlParam> params;
    params.reserve(rows.size() * columns);
    for (const Row& row : rows) append(row, params);
    auto statement = connection_.prepared(sql);
    if (!statement) return fail(failed(statement.error()));
    if (auto inserted = (*statement)->execute_rows(params, columns); !inserted) return fail(failed(inserted.error()));
    return {};
}

StoreResult<void> MariaDbTransaction::insert_account(const Account& account) {
    auto statement = connection_.prepared(queries::insert_account);
    if (!statement) return fail(failed(statement.error()));
    const SqlParam params[] = {account.id.value, account.balance.to_string()};
    auto inserted = (*statement)->execute(params);
    if (inserted) return {};
    // A duplicate key fails the statement, not the transaction: the work decides what follows.
    if (inserted.error().duplicate_key()) return fail(StoreFailure{StoreFailure::Kind::duplicate, inserted.error().message});
    return fail(failed(inserted.error()));
}

StoreResult<std::vector<IdempotencyRecord>> MariaDbTransaction::lock_idempotency_records(
    std::span<const IdempotencyKey> keys) {
    assert(std::is_sorted(keys.begin(), keys.end()));
    std::vector<IdempotencyRecord> records;
    // One statement per scope (keys are sorted, so each scope is one run), in key order.
    for (std::size_t first = 0; first < keys.size();) {
        std::size_t end = first;
        while (end < keys.size() && keys[end].scope == keys[first].scope &&
               end - first < accounts_per_statement_max) {
            ++end;
        }
        if (auto locked = lock_scope(keys.subspan(first, end - first), records); !locked) return fail(locked.error());
        first = end;
    }
    return records;
}

StoreResult<void> MariaDbTransaction::lock_scope(std::span<const IdempotencyKey> keys,
                                                 std::vector<IdempotencyRecord>& records) {
    const std::size_t shape = sql::padded_size(keys.size());
    auto statement = connection_.prepared(queries::lock_idempotency_records(shape));
    if (!statement) return fail(failed(statement.error()));
    std::vector<SqlParam> params{keys.front().scope};
    for (std::size_t i = 0; i < shape; ++i) params.emplace_back(keys[std::min(i, keys.size() - 1)].key);
    auto rows = (*statement)->query(params);
    if (!rows) return fail(failed(rows.error()));
    return sql::decode_rows(*rows, sql::idempotency_record_from_row, "idempotency", records);
}

StoreResult<void> MariaDbTransaction::insert_idempotency_records(std::span<const IdempotencyRecord> records) {
    return insert_rows(queries::insert_idempotency_record, records, sql::idempotency_param_count,
                       sql::append_idempotency_params);
}

StoreResult<void> MariaDbTransaction::record_cache_repairs(std::span<const CacheRepair> repairs) {
    return insert_rows(queries::record_cache_repair, repairs, sql::cache_repair_param_count,
                       sql::append_cache_repair_params);
}

}  // namespace transfers::mariadb
