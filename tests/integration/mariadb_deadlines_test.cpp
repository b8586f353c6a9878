// The MariaDB store's call deadline against a real server: a call that would wait longer (here
// for a row lock another session holds) ends at the deadline, and its connection is not reused.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

#include "adapters/mariadb/mariadb_ledger_store.hpp"
#include "integration/store_backends.hpp"

namespace transfers {
namespace {

using namespace std::chrono_literals;
using testing::money;

std::unique_ptr<mariadb::MariaDbLedgerStore> open_store(std::chrono::milliseconds timeout_db) {
    mariadb::StoreOptions options;
    options.connections_max = 2;
    options.timeout_db = timeout_db;
    return testing::open_test_mariadb(options);
}

StoreResult<TransactionEnd> lock_then(LedgerTransaction& transaction, AccountId id, const std::function<void()>& then) {
    const AccountId ids[] = {id};
    auto locked = transaction.lock_accounts(ids);
    if (!locked) return fail(locked.error());
    then();
    return TransactionEnd::roll_back;
}

TEST(MariaDbDeadlines, ATransactionWaitingPastItsDeadlineEndsThereAndItsConnectionIsNotReused) {
    auto waiting = open_store(500ms);
    auto holding = open_store(30000ms);
    ASSERT_TRUE(waiting && holding);
    const AccountId id{testing::fresh_account_base()};
    ASSERT_TRUE(holding->insert_account(Account{id, money("1"), 0}).ok());
    std::promise<void> locked;
    std::promise<void> release;
    std::thread holder([&] {
        auto held = holding->transact([&](LedgerTransaction& transaction) {
            return lock_then(transaction, id, [&] {
                locked.set_value();
                release.get_future().wait();
            });
        });
        EXPECT_TRUE(held.ok());
    });
    locked.get_future().wait();

    const auto started = std::chrono::steady_clock::now();
    auto done = waiting->transact([&](LedgerTransaction& transaction) { return lock_then(transaction, id, [] {}); });
    const auto took = std::chrono::steady_clock::now() - started;
    release.set_value();
    holder.join();

    ASSERT_FALSE(done.ok()) << "the row lock is held for longer than the deadline";
    EXPECT_EQ(done.error().kind, StoreFailure::Kind::unavailable);
    EXPECT_GE(took, 500ms);
    EXPECT_LT(took, 1500ms) << "InnoDB would have waited 10 s for the lock";
    EXPECT_EQ(waiting->pool_counts().deadline_expiries, 1u);
    EXPECT_EQ(waiting->pool_counts().open, 0) << "the connection that timed out was closed, not pooled";
    auto found = waiting->find_account(id);
    ASSERT_TRUE(found.ok()) << found.error().message;
    EXPECT_EQ((*found)->balance.to_string(), "1");
}

TEST(MariaDbDeadlines, ACallWithinItsDeadlineKeepsItsConnection) {
    auto store = open_store(500ms);
    ASSERT_TRUE(store);

    ASSERT_TRUE(store->ping().ok());
    std::this_thread::sleep_for(600ms);  // longer than the deadline, but between calls
    ASSERT_TRUE(store->ping().ok());

    EXPECT_EQ(store->pool_counts().deadline_expiries, 0u);
    EXPECT_EQ(store->pool_counts().open, 1);
}

}  // namespace
}  // namespace transfers
