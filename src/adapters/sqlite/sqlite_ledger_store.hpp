// SqliteLedgerStore: the LedgerStore port on one SQLite file (WAL, synchronous=FULL).
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "adapters/sqlite/sqlite_connection.hpp"
#include "ports/client_store.hpp"
#include "ports/ledger_store.hpp"

namespace transfers::sqlite {

// Thread-safe. Writes are serialized on one connection under writer_mutex_ (SQLite allows one
// writer at a time; queueing here instead of retrying on SQLITE_BUSY keeps every request
// successful under load). Reads use their own connections, which WAL lets run beside the writer.
// It keeps the API's clients too (sqlite_client_store.cpp), in the same file.
class SqliteLedgerStore final : public LedgerStore, public ClientStore {
public:
    // Opens (or creates) the file, sets the pragmas and migrates the schema.
    // Every wait for the writer (in this process or another) ends after `timeout_db`.
    static Result<std::unique_ptr<SqliteLedgerStore>, std::string> open(
        const std::string& path, std::chrono::milliseconds timeout_db);

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

private:
    SqliteLedgerStore(std::string path, std::chrono::milliseconds timeout_db)
        : path_(std::move(path)), timeout_db_(timeout_db) {}
    // The writer, waited for at most timeout_db_; empty when the wait timed out.
    std::unique_lock<std::timed_mutex> lock_writer();
    Result<std::vector<SqlRow>, SqliteError> read(const std::string& sql, std::span<const SqlParam> params);
    StoreResult<void> run_locked(const TransactionWork& work);

    const std::string path_;
    const std::chrono::milliseconds timeout_db_;
    std::timed_mutex writer_mutex_;
    std::unique_ptr<SqliteConnection> writer_;  // guarded by writer_mutex_
    std::mutex readers_mutex_;
    // Idle read connections, guarded by readers_mutex_. At most one per concurrent reader,
    // which the server's blocking pool bounds.
    std::vector<std::unique_ptr<SqliteConnection>> idle_readers_;
};

}  // namespace transfers::sqlite
