// MariaDbLedgerStore: the LedgerStore port on MariaDB (InnoDB, full durability).
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "adapters/mariadb/connection_pool.hpp"
#include "ports/client_store.hpp"
#include "ports/ledger_store.hpp"

namespace transfers::mariadb {

struct StoreOptions {
    int connections_max = 16;
    // Every call (waiting for a connection included) ends by this deadline; a transaction is
    // one call, COMMIT included, and so is each read.
    std::chrono::milliseconds timeout_db{5000};
    // Deadlocks and lock wait timeouts restart the transaction at most this many times.
    int transaction_attempts_max = 8;
};

// Thread-safe: all state is in the pool, which guards itself. It keeps the API's clients too
// (mariadb_client_store.cpp): they live in the same database, on the same connections.
class MariaDbLedgerStore final : public LedgerStore, public ClientStore {
public:
    // Connects, checks durability settings and migrates the schema; the error is one line.
    static Result<std::unique_ptr<MariaDbLedgerStore>, std::string> open(const ConnectionSettings& settings,
                                                                         StoreOptions options);

    StoreResult<void> insert_account(const Account& account) override;
    StoreResult<std::optional<Account>> find_account(AccountId id) override;
    StoreResult<std::optional<Transfer>> find_transfer(const TransferId& id) override;
    StoreResult<bool> transfer_committed(const TransferId& id) override;
    StoreResult<void> transact(const TransactionWork& work) override;
    StoreResult<std::vector<SequencedTransfer>> list_transfers(AccountId account, std::optional<std::int64_t> before,
                                                               std::size_t limit) override;
    StoreResult<std::size_t> purge_idempotency_records(Timestamp cutoff, std::size_t limit) override;
    StoreResult<std::vector<CacheRepair>> cache_repairs(std::size_t limit) override;
    StoreResult<void> forget_cache_repairs(std::span<const CacheRepair> done) override;
    StoreResult<void> ping() override;

    Result<void, StoreFailure> insert_client(const ClientRecord& record) override;
    Result<std::vector<ClientRecord>, StoreFailure> list_clients() override;
    Result<bool, StoreFailure> revoke_client(const std::string& name, Timestamp at) override;

    PoolCounts pool_counts() const { return pool_.counts(); }

private:
    MariaDbLedgerStore(const ConnectionSettings& settings, StoreOptions options);
    enum class AttemptEnd { done, retry };
    StoreResult<AttemptEnd> attempt(const TransactionWork& work, ConnectionPool::Clock::time_point deadline);
    // The deadline of a call starting now.
    ConnectionPool::Clock::time_point call_deadline() const;
    // Runs one prepared statement on a leased connection, discarding the connection if it broke.
    Result<std::vector<SqlRow>, DbError> query(const std::string& sql, std::span<const SqlParam> params);
    // Runs one prepared statement that writes, autocommitted; answers the rows it changed.
    Result<std::uint64_t, DbError> execute(const std::string& sql, std::span<const SqlParam> params);

    StoreOptions options_;
    ConnectionPool pool_;
};

}  // namespace transfers::mariadb
