// MariaDbTransaction: the LedgerTransaction port over one open MariaDB transaction.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "adapters/mariadb/connection.hpp"
#include "ports/ledger_store.hpp"

namespace transfers::mariadb {

// Lives on the stack of the thread running the transaction, for one attempt of it.
class MariaDbTransaction final : public LedgerTransaction {
public:
    explicit MariaDbTransaction(Connection& connection) : connection_(connection) {}

    StoreResult<std::vector<Account>> lock_accounts(std::span<const AccountId> ids) override;
    StoreResult<void> add_to_balances(std::span<const BalanceDelta> deltas) override;
    StoreResult<void> insert_transfers(std::span<const Transfer> transfers) override;
    StoreResult<void> insert_account(const Account& account) override;
    StoreResult<std::vector<IdempotencyRecord>> lock_idempotency_records(std::span<const IdempotencyKey> keys) override;
    StoreResult<void> insert_idempotency_records(std::span<const IdempotencyRecord> records) override;
    StoreResult<void> record_cache_repairs(std::span<const CacheRepair> repairs) override;

    // The database error that ended the work, so the runner can tell a retry from a failure.
    const std::optional<DbError>& error() const { return error_; }

private:
    StoreFailure failed(DbError error);
    StoreResult<void> lock_chunk(std::span<const AccountId> ids, std::vector<Account>& accounts);
    StoreResult<void> add_chunk(std::span<const BalanceDelta> deltas);
    StoreResult<void> lock_scope(std::span<const IdempotencyKey> keys, std::vector<IdempotencyRecord>& records);
    // Inserts every row with one array-bound statement (one execution, one round trip, whatever
    // the count); `append` adds a row's `columns` values in the statement's order.
    template <typename Row>
    StoreResult<void> insert_rows(const std::string& sql, std::span<const Row> rows, std::size_t columns,
                                  void (*append)(const Row&, std::vector<SqlParam>&));

    Connection& connection_;
    std::optional<DbError> error_;
};

}  // namespace transfers::mariadb
