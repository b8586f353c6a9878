#include "adapters/mariadb/mariadb_ledger_store.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <limits>
#include <random>
#include <thread>

#include "adapters/mariadb/ledger_queries.hpp"
#include "adapters/mariadb/mariadb_transaction.hpp"
#include "adapters/sql/row_decoding.hpp"
#include "adapters/mariadb/schema_migrator.hpp"
#include "adapters/mariadb/store_failures.hpp"

namespace transfers::mariadb {
namespace {

constexpr std::chrono::milliseconds timeout_migration{60000};

// Spreads retried transactions apart so that the ones that collided do not collide again.
void back_off(int attempt) {
    thread_local std::minstd_rand random{std::random_device{}()};
    std::uniform_int_distribution<int> spread_ms(1, 5 * attempt);
    std::this_thread::sleep_for(std::chrono::milliseconds(spread_ms(random)));
}

// A 201 promises the transfer survives a crash; that holds only with a log flush per commit.
void warn_unless_durable(Connection& connection) {
    auto statement = connection.prepared("SELECT @@GLOBAL.innodb_flush_log_at_trx_commit");
    if (!statement) return;
    auto rows = (*statement)->query({});
    if (rows && !rows->empty() && rows->front().at(0) != "1") {
        spdlog::warn("innodb_flush_log_at_trx_commit is {}, not 1: acknowledged transfers may be lost "
                     "in a crash", rows->front().at(0).value_or("NULL"));
    }
}

}  // namespace

MariaDbLedgerStore::MariaDbLedgerStore(const ConnectionSettings& settings, StoreOptions options)
    : options_(options), pool_(settings, options.connections_max, options.timeout_db) {}

ConnectionPool::Clock::time_point MariaDbLedgerStore::call_deadline() const {
    return ConnectionPool::Clock::now() + options_.timeout_db;
}

Result<std::unique_ptr<MariaDbLedgerStore>, std::string> MariaDbLedgerStore::open(
    const ConnectionSettings& settings, StoreOptions options) {
    std::unique_ptr<MariaDbLedgerStore> store(new MariaDbLedgerStore(settings, options));
    // Migrating may take longer than one request's deadline; each statement is still bounded
    // by the connection's socket timeouts.
    auto lease = store->pool_.acquire(ConnectionPool::Clock::now() +
                                      std::max(options.timeout_db, timeout_migration));
    if (!lease) {
        return fail("cannot connect to MariaDB at " + settings.host + ":" + std::to_string(settings.port) +
                    ": " + lease.error().message);
    }
    warn_unless_durable(**lease);
    if (auto migrated = migrate(**lease); !migrated) return fail(migrated.error());
    return store;
}

Result<std::vector<SqlRow>, DbError> MariaDbLedgerStore::query(const std::string& sql,
                                                              std::span<const SqlParam> params) {
    auto lease = pool_.acquire(call_deadline());
    if (!lease) return fail(lease.error());
    auto statement = (*lease)->prepared(sql);
    auto rows = statement ? (*statement)->query(params) : Result<std::vector<SqlRow>, DbError>(fail(statement.error()));
    if (!rows && rows.error().connection_broken()) lease->discard();
    return rows;
}

StoreResult<void> MariaDbLedgerStore::insert_account(const Account& account) {
    auto lease = pool_.acquire(call_deadline());
    if (!lease) return fail(unavailable(lease.error()));
    auto statement = (*lease)->prepared(queries::insert_account);
    if (!statement) return fail(unavailable(statement.error()));
    const SqlParam params[] = {account.id.value, account.balance.to_string()};
    auto inserted = (*statement)->execute(params);
    if (inserted) return {};
    if (inserted.error().duplicate_key()) {
        return fail(StoreFailure{StoreFailure::Kind::duplicate, inserted.error().message});
    }
    if (inserted.error().connection_broken()) lease->discard();
    return fail(unavailable(inserted.error()));
}

StoreResult<std::optional<Account>> MariaDbLedgerStore::find_account(AccountId id) {
    const SqlParam params[] = {id.value};
    auto rows = query(queries::find_account, params);
    if (!rows) return fail(unavailable(rows.error()));
    return sql::decode_first<Account>(*rows, sql::account_from_row, "account");
}

StoreResult<std::optional<Transfer>> MariaDbLedgerStore::find_transfer(const TransferId& id) {
    const SqlParam params[] = {id.value};
    auto rows = query(queries::find_transfer, params);
    if (!rows) return fail(unavailable(rows.error()));
    return sql::decode_first<Transfer>(*rows, sql::transfer_from_row, "transfer");
}

StoreResult<bool> MariaDbLedgerStore::transfer_committed(const TransferId& id) {
    const SqlParam params[] = {id.value};
    auto rows = query(queries::transfer_committed, params);
    if (!rows) return fail(unavailable(rows.error()));
    return !rows->empty();
}

StoreResult<void> MariaDbLedgerStore::transact(const TransactionWork& work) {
    // One deadline for every attempt: retries after deadlocks do not extend the caller's wait.
    const auto deadline = call_deadline();
    for (int attempt = 1; attempt <= options_.transaction_attempts_max; ++attempt) {
        auto end = this->attempt(work, deadline);
        if (!end) return fail(end.error());
        if (*end == AttemptEnd::done) return {};
        back_off(attempt);
    }
    return fail(StoreFailure{StoreFailure::Kind::unavailable,
                             "transaction kept colliding with others (deadlock or lock wait timeout)"});
}

// One run of the work in a fresh transaction: done, worth retrying, or failed for good.
StoreResult<MariaDbLedgerStore::AttemptEnd> MariaDbLedgerStore::attempt(const TransactionWork& work,
                                                                       ConnectionPool::Clock::time_point deadline) {
    auto lease = pool_.acquire(deadline);
    if (!lease) return fail(unavailable(lease.error()));
    Connection& connection = **lease;
    auto classify = [&](const DbError& error) -> StoreResult<AttemptEnd> {
        if (error.connection_broken()) {
            lease->discard();
            return fail(unavailable(error));
        }
        // Best effort: a deadlock already rolled back, and a failed ROLLBACK breaks the session.
        if (auto rolled = connection.run("ROLLBACK"); !rolled) lease->discard();
        if (error.retryable()) return AttemptEnd::retry;
        return fail(unavailable(error));
    };
    if (auto begun = connection.run("START TRANSACTION"); !begun) return classify(begun.error());
    MariaDbTransaction transaction(connection);
    auto end = work(transaction);
    if (!end) {
        if (transaction.error()) return classify(*transaction.error());
        if (auto rolled = connection.run("ROLLBACK"); !rolled) lease->discard();
        return fail(end.error());
    }
    if (*end == TransactionEnd::roll_back) {
        if (auto rolled = connection.run("ROLLBACK"); !rolled) return classify(rolled.error());
        return AttemptEnd::done;
    }
    if (auto committed = connection.run("COMMIT"); !committed) {
        if (committed.error().connection_broken()) {
            lease->discard();
            return fail(StoreFailure{StoreFailure::Kind::commit_unknown, committed.error().message});
        }
        return classify(committed.error());
    }
    return AttemptEnd::done;
}

StoreResult<std::vector<SequencedTransfer>> MariaDbLedgerStore::list_transfers(AccountId account,
                                                                              std::optional<std::int64_t> before,
                                                                              std::size_t limit) {
    const std::int64_t below = before.value_or(std::numeric_limits<std::int64_t>::max());
    const auto count = static_cast<std::int64_t>(limit);
    const SqlParam params[] = {account.value, below, count, account.value, below, count, count};
    auto rows = query(queries::list_transfers, params);
    if (!rows) return fail(unavailable(rows.error()));
    return sql::decode_all<SequencedTransfer>(*rows, sql::sequenced_transfer_from_row, "transfer");
}

StoreResult<std::size_t> MariaDbLedgerStore::purge_idempotency_records(Timestamp cutoff, std::size_t limit) {
    auto lease = pool_.acquire(call_deadline());
    if (!lease) return fail(unavailable(lease.error()));
    auto statement = (*lease)->prepared(queries::purge_idempotency_records);
    if (!statement) return fail(unavailable(statement.error()));
    const SqlParam params[] = {format_sql_datetime(cutoff), static_cast<std::int64_t>(limit)};
    auto deleted = (*statement)->execute(params);
    if (!deleted) {
        if (deleted.error().connection_broken()) lease->discard();
        return fail(unavailable(deleted.error()));
    }
    return static_cast<std::size_t>(*deleted);
}

StoreResult<std::vector<CacheRepair>> MariaDbLedgerStore::cache_repairs(std::size_t limit) {
    const SqlParam params[] = {static_cast<std::int64_t>(limit)};
    auto rows = query(queries::cache_repairs, params);
    if (!rows) return fail(unavailable(rows.error()));
    return sql::decode_all<CacheRepair>(*rows, sql::cache_repair_from_row, "cache repair");
}

// One autocommitted DELETE per row: repairs are rare (they follow a Redis outage) and few per run.
StoreResult<void> MariaDbLedgerStore::forget_cache_repairs(std::span<const CacheRepair> done) {
    auto lease = pool_.acquire(call_deadline());
    if (!lease) return fail(unavailable(lease.error()));
    auto statement = (*lease)->prepared(queries::forget_cache_repair);
    if (!statement) return fail(unavailable(statement.error()));
    for (const CacheRepair& repair : done) {
        const SqlParam params[] = {repair.account.value, repair.version};
        if (auto deleted = (*statement)->execute(params); !deleted) {
            if (deleted.error().connection_broken()) lease->discard();
            return fail(unavailable(deleted.error()));
        }
    }
    return {};
}

StoreResult<void> MariaDbLedgerStore::ping() {
    auto lease = pool_.acquire(call_deadline());
    if (!lease) return fail(unavailable(lease.error()));
    if (auto alive = (*lease)->ping(); !alive) {
        lease->discard();
        return fail(unavailable(alive.error()));
    }
    return {};
}

}  // namespace transfers::mariadb
