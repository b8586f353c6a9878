// The in-memory ledger fake keeps the port's promises, so the use-case tests built on it mean
// something: staged writes reach the ledger only on commit, and injected failures act as told.
#include "unit/fakes/in_memory_ledger_store.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string>

#include "test_support.hpp"

namespace transfers {
namespace {

using fakes::InMemoryLedgerStore;
using test::money;
using Operation = InMemoryLedgerStore::Operation;

const std::array<AccountId, 2> both{AccountId{1}, AccountId{2}};

class InMemoryLedgerStoreTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(store.insert_account(Account{AccountId{1}, money("10"), 0}).ok());
        ASSERT_TRUE(store.insert_account(Account{AccountId{2}, money("0"), 0}).ok());
    }

    // Moves 4 from 1 to 2 with record `id`, then ends as `end` says.
    TransactionWork move_four(TransactionEnd end, std::string id = "t1") {
        return [end, id](LedgerTransaction& transaction) -> StoreResult<TransactionEnd> {
            if (auto locked = transaction.lock_accounts(both); !locked) return fail(locked.error());
            const std::array<BalanceDelta, 2> deltas{BalanceDelta{AccountId{1}, money("-4")},
                                                     BalanceDelta{AccountId{2}, money("4")}};
            if (auto moved = transaction.add_to_balances(deltas); !moved) return fail(moved.error());
            const Transfer record{TransferId{id}, AccountId{1}, AccountId{2}, money("4"), {}};
            if (auto recorded = transaction.insert_transfers({&record, 1}); !recorded) return fail(recorded.error());
            return end;
        };
    }

    InMemoryLedgerStore store;
};

TEST_F(InMemoryLedgerStoreTest, ACommittedTransactionAppliesDeltasBumpsVersionsAndRecords) {
    ASSERT_TRUE(store.transact(move_four(TransactionEnd::commit)).ok());

    EXPECT_EQ(store.dump(), "1=6@v1\n2=4@v1\nt1:1->2:4\n");
    EXPECT_TRUE(*store.transfer_committed(TransferId{"t1"}));
    EXPECT_EQ(store.commits(), 1);
}

TEST_F(InMemoryLedgerStoreTest, ARolledBackTransactionChangesNothing) {
    const std::string before = store.dump();

    ASSERT_TRUE(store.transact(move_four(TransactionEnd::roll_back)).ok());

    EXPECT_EQ(store.dump(), before);
    EXPECT_FALSE(*store.transfer_committed(TransferId{"t1"}));
}

TEST_F(InMemoryLedgerStoreTest, AFailedWorkChangesNothing) {
    ASSERT_TRUE(store.transact(move_four(TransactionEnd::commit, "t1")).ok());
    const std::string before = store.dump();

    auto done = store.transact(move_four(TransactionEnd::commit, "t1"));  // duplicate record id

    ASSERT_FALSE(done.ok());
    EXPECT_EQ(done.error().kind, StoreFailure::Kind::unavailable);
    EXPECT_EQ(store.dump(), before);
}

// Other callers wait for the transaction (the mutex stands in for row locks), so they never
// see its staged writes; calling the store from inside the work would deadlock.
TEST_F(InMemoryLedgerStoreTest, TheWorkSeesItsOwnWrites) {
    auto done = store.transact([&](LedgerTransaction& transaction) -> StoreResult<TransactionEnd> {
        EXPECT_TRUE(transaction.lock_accounts(both).ok());
        const BalanceDelta delta{AccountId{2}, money("1.5")};
        EXPECT_TRUE(transaction.add_to_balances({&delta, 1}).ok());
        EXPECT_EQ(transaction.lock_accounts(both)->at(1).balance, money("1.5"));
        return TransactionEnd::roll_back;
    });

    EXPECT_TRUE(done.ok());
    EXPECT_EQ(store.account(AccountId{2})->balance, money("0"));
}

TEST_F(InMemoryLedgerStoreTest, RefusesABalanceUpdateBelowZeroLikeTheCheckConstraint) {
    auto done = store.transact([](LedgerTransaction& transaction) -> StoreResult<TransactionEnd> {
        EXPECT_TRUE(transaction.lock_accounts(both).ok());
        const BalanceDelta delta{AccountId{2}, money("-0.000000000000000001")};
        auto moved = transaction.add_to_balances({&delta, 1});
        if (!moved) return fail(moved.error());
        return TransactionEnd::commit;
    });

    ASSERT_FALSE(done.ok());
    EXPECT_EQ(store.account(AccountId{2})->balance, money("0"));
}

TEST_F(InMemoryLedgerStoreTest, LockingReturnsOnlyExistingAccountsInIdOrder) {
    const std::array<AccountId, 3> ids{AccountId{1}, AccountId{2}, AccountId{3}};
    auto done = store.transact([&](LedgerTransaction& transaction) -> StoreResult<TransactionEnd> {
        auto locked = transaction.lock_accounts(ids);
        EXPECT_EQ(locked->size(), 2u);
        EXPECT_EQ(locked->at(0).id, AccountId{1});
        EXPECT_EQ(locked->at(1).id, AccountId{2});
        return TransactionEnd::roll_back;
    });
    EXPECT_TRUE(done.ok());
}

TEST_F(InMemoryLedgerStoreTest, RefusesADuplicateAccount) {
    auto again = store.insert_account(Account{AccountId{1}, money("99"), 0});

    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().kind, StoreFailure::Kind::duplicate);
    EXPECT_EQ(store.account(AccountId{1})->balance, money("10"));
}

TEST_F(InMemoryLedgerStoreTest, InjectedFailuresHitTheNextCallsOnly) {
    store.fail_next(Operation::find_account, 2);

    EXPECT_FALSE(store.find_account(AccountId{1}).ok());
    EXPECT_FALSE(store.find_account(AccountId{1}).ok());
    EXPECT_TRUE(store.find_account(AccountId{1}).ok());
    EXPECT_FALSE(store.injections_pending());
}

TEST_F(InMemoryLedgerStoreTest, AnUnavailableTransactionDoesNotRunTheWork) {
    store.fail_next(Operation::transact);

    auto done = store.transact(move_four(TransactionEnd::commit));

    ASSERT_FALSE(done.ok());
    EXPECT_EQ(done.error().kind, StoreFailure::Kind::unavailable);
    EXPECT_EQ(store.work_runs(), 0);
}

TEST_F(InMemoryLedgerStoreTest, ALostCommitIsReportedUnknownWhetherAppliedOrNot) {
    store.lose_next_commit_outcomes(InMemoryLedgerStore::LostCommit::applied);
    store.lose_next_commit_outcomes(InMemoryLedgerStore::LostCommit::discarded);

    auto applied = store.transact(move_four(TransactionEnd::commit, "t1"));
    auto discarded = store.transact(move_four(TransactionEnd::commit, "t2"));

    ASSERT_FALSE(applied.ok());
    ASSERT_FALSE(discarded.ok());
    EXPECT_EQ(applied.error().kind, StoreFailure::Kind::commit_unknown);
    EXPECT_EQ(discarded.error().kind, StoreFailure::Kind::commit_unknown);
    EXPECT_TRUE(*store.transfer_committed(TransferId{"t1"}));
    EXPECT_FALSE(*store.transfer_committed(TransferId{"t2"}));
}

TEST_F(InMemoryLedgerStoreTest, ARestartRunsTheWorkAgainAndKeepsOnlyTheLastRun) {
    store.restart_next_transactions(1);

    ASSERT_TRUE(store.transact(move_four(TransactionEnd::commit)).ok());

    EXPECT_EQ(store.work_runs(), 2);
    EXPECT_EQ(store.dump(), "1=6@v1\n2=4@v1\nt1:1->2:4\n");
}

}  // namespace
}  // namespace transfers
