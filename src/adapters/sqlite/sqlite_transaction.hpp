// SqliteTransaction: the LedgerTransaction port inside one BEGIN IMMEDIATE transaction.
#pragma once

#include "adapters/sqlite/sqlite_connection.hpp"
#include "ports/ledger_store.hpp"

namespace transfers::sqlite {

// Lives on the stack of the thread holding the store's writer connection.
class SqliteTransaction final : public LedgerTransaction {
public:
    explicit SqliteTransaction(SqliteConnection& connection) : connection_(connection) {}

    // The write lock taken by BEGIN IMMEDIATE already excludes every other writer, so "locking"
    // is reading the rows.
    StoreResult<std::vector<Account>> lock_accounts(std::span<const AccountId> ids) override;
    // SQLite cannot add decimals exactly, so each new balance is computed with Money from the
    // row read under the write lock: with a single writer, no update can be lost.
    StoreResult<void> add_to_balances(std::span<const BalanceDelta> deltas) override;
    StoreResult<void> insert_transfers(std::span<const Transfer> transfers) override;
    StoreResult<void> insert_account(const Account& account) override;
    // The write lock already serializes every writer: reading the records is enough.
    StoreResult<std::vector<IdempotencyRecord>> lock_idempotency_records(std::span<const IdempotencyKey> keys) override;
    StoreResult<void> insert_idempotency_records(std::span<const IdempotencyRecord> records) override;
    StoreResult<void> record_cache_repairs(std::span<const CacheRepair> repairs) override;

private:
    StoreResult<Money> balance_of(AccountId id);

    SqliteConnection& connection_;
};

}  // namespace transfers::sqlite
