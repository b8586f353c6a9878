#include "adapters/sqlite/sqlite_ledger_store.hpp"

#include <limits>

#include "adapters/sql/row_decoding.hpp"
#include "adapters/sqlite/sqlite_ledger_queries.hpp"
#include "adapters/sqlite/sqlite_schema_migrator.hpp"
#include "adapters/sqlite/sqlite_store_failures.hpp"
#include "adapters/sqlite/sqlite_transaction.hpp"

namespace transfers::sqlite {
Result<std::unique_ptr<SqliteLedgerStore>, std::string> SqliteLedgerStore::open(const std::string& path,
                                                                              std::chrono::milliseconds timeout_db) {
    std::unique_ptr<SqliteLedgerStore> store(new SqliteLedgerStore(path, timeout_db));
    auto writer = SqliteConnection::open(path, timeout_db);
    if (!writer) return fail("cannot open SQLite database " + path + ": " + writer.error().message);
    if (auto migrated = migrate(**writer); !migrated) return fail(migrated.error());
    store->writer_ = std::move(*writer);
    return store;
}

Result<std::vector<SqlRow>, SqliteError> SqliteLedgerStore::read(const std::string& sql,
                                                                 std::span<const SqlParam> params) {
    std::unique_ptr<SqliteConnection> reader;
    {
        std::lock_guard lock(readers_mutex_);
        if (!idle_readers_.empty()) {
            reader = std::move(idle_readers_.back());
            idle_readers_.pop_back();
        }
    }
    if (!reader) {
        auto opened = SqliteConnection::open(path_, timeout_db_);
        if (!opened) return fail(opened.error());
        reader = std::move(*opened);
    }
    auto statement = reader->prepared(sql);
    auto rows = statement ? (*statement)->query(params) : Result<std::vector<SqlRow>, SqliteError>(fail(statement.error()));
    std::lock_guard lock(readers_mutex_);
    idle_readers_.push_back(std::move(reader));
    return rows;
}

std::unique_lock<std::timed_mutex> SqliteLedgerStore::lock_writer() {
    return std::unique_lock(writer_mutex_, timeout_db_);
}

StoreResult<void> SqliteLedgerStore::insert_account(const Account& account) {
    const auto lock = lock_writer();
    if (!lock) return fail(writer_busy());
    auto statement = writer_->prepared(queries::insert_account);
    if (!statement) return fail(unavailable(statement.error()));
    const SqlParam params[] = {account.id.value, account.balance.to_string()};
    auto inserted = (*statement)->execute(params);
    if (inserted) return {};
    if (inserted.error().unique_violation()) {
        return fail(StoreFailure{StoreFailure::Kind::duplicate, inserted.error().message});
    }
    return fail(unavailable(inserted.error()));
}

StoreResult<std::optional<Account>> SqliteLedgerStore::find_account(AccountId id) {
    const SqlParam params[] = {id.value};
    auto rows = read(queries::find_account, params);
    if (!rows) return fail(unavailable(rows.error()));
    return sql::decode_first<Account>(*rows, sql::account_from_row, "account");
}

StoreResult<std::optional<Transfer>> SqliteLedgerStore::find_transfer(const TransferId& id) {
    const SqlParam params[] = {id.value};
    auto rows = read(queries::find_transfer, params);
    if (!rows) return fail(unavailable(rows.error()));
    return sql::decode_first<Transfer>(*rows, sql::transfer_from_row, "transfer");
}

// Commits in this process are synchronous and local, so a committed transfer is visible to
// any read that starts after transact() returned: a plain read is final.
StoreResult<bool> SqliteLedgerStore::transfer_committed(const TransferId& id) {
    const SqlParam params[] = {id.value};
    auto rows = read(queries::transfer_exists, params);
    if (!rows) return fail(unavailable(rows.error()));
    return !rows->empty();
}

StoreResult<void> SqliteLedgerStore::transact(const TransactionWork& work) {
    const auto lock = lock_writer();
    if (!lock) return fail(writer_busy());
    return run_locked(work);
}

StoreResult<void> SqliteLedgerStore::run_locked(const TransactionWork& work) {
    if (auto begun = writer_->run("BEGIN IMMEDIATE"); !begun) return fail(unavailable(begun.error()));
    SqliteTransaction transaction(*writer_);
    auto end = work(transaction);
    const bool commit = end && *end == TransactionEnd::commit;
    if (!commit) {
        if (auto rolled = writer_->run("ROLLBACK"); !rolled) return fail(unavailable(rolled.error()));
        if (!end) return fail(end.error());
        return {};
    }
    if (auto committed = writer_->run("COMMIT"); !committed) {
        // A failed COMMIT in SQLite leaves the transaction open: end it so the next one can begin.
        if (auto rolled = writer_->run("ROLLBACK"); !rolled) return fail(unavailable(rolled.error()));
        return fail(unavailable(committed.error()));
    }
    return {};
}

StoreResult<std::vector<SequencedTransfer>> SqliteLedgerStore::list_transfers(AccountId account,
                                                                             std::optional<std::int64_t> before,
                                                                             std::size_t limit) {
    const std::int64_t below = before.value_or(std::numeric_limits<std::int64_t>::max());
    const auto count = static_cast<std::int64_t>(limit);
    const SqlParam params[] = {account.value, below, count, account.value, below, count, count};
    auto rows = read(queries::list_transfers, params);
    if (!rows) return fail(unavailable(rows.error()));
    return sql::decode_all<SequencedTransfer>(*rows, sql::sequenced_transfer_from_row, "transfer");
}

StoreResult<std::size_t> SqliteLedgerStore::purge_idempotency_records(Timestamp cutoff, std::size_t limit) {
    const auto lock = lock_writer();
    if (!lock) return fail(writer_busy());
    auto statement = writer_->prepared(queries::purge_idempotency_records);
    if (!statement) return fail(unavailable(statement.error()));
    const SqlParam params[] = {format_sql_datetime(cutoff), static_cast<std::int64_t>(limit)};
    auto deleted = (*statement)->execute(params);
    if (!deleted) return fail(unavailable(deleted.error()));
    return static_cast<std::size_t>(*deleted);
}

StoreResult<std::vector<CacheRepair>> SqliteLedgerStore::cache_repairs(std::size_t limit) {
    const SqlParam params[] = {static_cast<std::int64_t>(limit)};
    auto rows = read(queries::cache_repairs, params);
    if (!rows) return fail(unavailable(rows.error()));
    return sql::decode_all<CacheRepair>(*rows, sql::cache_repair_from_row, "cache repair");
}

// One transaction for all the rows: one log sync, not one per row.
StoreResult<void> SqliteLedgerStore::forget_cache_repairs(std::span<const CacheRepair> done) {
    const auto lock = lock_writer();
    if (!lock) return fail(writer_busy());
    auto statement = writer_->prepared(queries::forget_cache_repair);
    if (!statement) return fail(unavailable(statement.error()));
    return run_locked([&](LedgerTransaction&) -> StoreResult<TransactionEnd> {
        for (const CacheRepair& repair : done) {
            const SqlParam params[] = {repair.account.value, repair.version};
            if (auto deleted = (*statement)->execute(params); !deleted) return fail(unavailable(deleted.error()));
        }
        return TransactionEnd::commit;
    });
}

StoreResult<void> SqliteLedgerStore::ping() {
    const std::string probe = "SELECT 1";
    auto rows = read(probe, {});
    if (!rows) return fail(unavailable(rows.error()));
    return {};
}

}  // namespace transfers::sqlite
