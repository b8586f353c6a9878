// TransferService over the in-memory ledger: the money rules, atomicity, and how an unknown
// COMMIT outcome is resolved by reading back, never by guessing.
#include "app/transfer_service.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "test_support.hpp"
#include "unit/fakes/fake_clock.hpp"
#include "unit/fakes/fake_transfer_id_source.hpp"
#include "unit/fakes/in_memory_ledger_store.hpp"

namespace transfers {
namespace {

using fakes::InMemoryLedgerStore;
using test::money;
using LostCommit = InMemoryLedgerStore::LostCommit;
using Operation = InMemoryLedgerStore::Operation;

class TransferServiceTest : public ::testing::Test {
protected:
    void open(std::int64_t id, std::string_view balance) {
        ASSERT_TRUE(store.insert_account(Account{AccountId{id}, money(balance), 0}).ok());
    }
    std::string balance_of(std::int64_t id) const { return store.account(AccountId{id})->balance.to_string(); }
    std::int64_t version_of(std::int64_t id) const { return store.account(AccountId{id})->version; }

    Result<Transfer, Error> transfer(std::int64_t source, std::int64_t target, std::string_view amount) {
        return service.transfer(TransferCommand{AccountId{source}, AccountId{target}, money(amount)});
    }

    InMemoryLedgerStore store;
    fakes::FakeClock clock;
    fakes::FakeTransferIdSource ids;
    TransferService service{store, clock, ids};
};

// ---------------------------------------------------------------------------------------------
// Success

TEST_F(TransferServiceTest, MovesTheAmountAndReturnsTheCommittedRecord) {
    open(1001, "500");
    open(2002, "0");

    auto done = transfer(1001, 2002, "150");

    ASSERT_TRUE(done.ok()) << done.error().detail;
    EXPECT_EQ(done->id.value, "00000000-0000-7000-8000-000000000001");
    EXPECT_EQ(done->source, AccountId{1001});
    EXPECT_EQ(done->target, AccountId{2002});
    EXPECT_EQ(done->amount.to_string(), "150");
    EXPECT_EQ(done->created_at, fakes::fixed_instant());
    EXPECT_EQ(balance_of(1001), "350");
    EXPECT_EQ(balance_of(2002), "150");
}

TEST_F(TransferServiceTest, StoresTheSameRecordItReturns) {
    open(1001, "500");
    open(2002, "0");

    auto done = transfer(1001, 2002, "150");

    ASSERT_TRUE(done.ok());
    const auto stored = store.transfers();
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_EQ(stored[0].id, done->id);
    EXPECT_EQ(stored[0].source, AccountId{1001});
    EXPECT_EQ(stored[0].target, AccountId{2002});
    EXPECT_EQ(stored[0].amount, money("150"));
    EXPECT_EQ(stored[0].created_at, fakes::fixed_instant());
}

TEST_F(TransferServiceTest, BumpsTheVersionOfBothAccounts) {
    open(1001, "500");
    open(2002, "0");

    ASSERT_TRUE(transfer(1001, 2002, "1").ok());
    ASSERT_TRUE(transfer(2002, 1001, "1").ok());

    EXPECT_EQ(version_of(1001), 2);
    EXPECT_EQ(version_of(2002), 2);
}

TEST_F(TransferServiceTest, MovesFractionsExactly) {
    open(1, "0.3");
    open(2, "0.1");

    ASSERT_TRUE(transfer(1, 2, "0.2").ok());
    ASSERT_TRUE(transfer(1, 2, "0.000000000000000001").ok());

    EXPECT_EQ(balance_of(1), "0.099999999999999999");
    EXPECT_EQ(balance_of(2), "0.300000000000000001");
}

TEST_F(TransferServiceTest, MovingTheWholeBalanceLeavesZero) {
    open(1, "12.5");
    open(2, "0");

    ASSERT_TRUE(transfer(1, 2, "12.5").ok());

    EXPECT_EQ(balance_of(1), "0");
    EXPECT_EQ(balance_of(2), "12.5");
}

TEST_F(TransferServiceTest, FromTheHigherIdToTheLowerWorksToo) {
    open(1, "0");
    open(2, "10");  // the fake fails the test if the accounts are not locked in ascending order

    ASSERT_TRUE(transfer(2, 1, "10").ok());

    EXPECT_EQ(balance_of(1), "10");
    EXPECT_EQ(balance_of(2), "0");
}

TEST_F(TransferServiceTest, EachTransferGetsANewId) {
    open(1, "10");
    open(2, "0");

    auto first = transfer(1, 2, "1");
    auto second = transfer(1, 2, "1");

    ASSERT_TRUE(first.ok() && second.ok());
    EXPECT_EQ(first->id.value, "00000000-0000-7000-8000-000000000001");
    EXPECT_EQ(second->id.value, "00000000-0000-7000-8000-000000000002");
}

TEST_F(TransferServiceTest, CanFillTheDestinationExactlyToTheLargestBalance) {
    open(1, "1");
    open(2, "99999999999999999999");

    ASSERT_TRUE(transfer(1, 2, "0.999999999999999999").ok());

    EXPECT_EQ(balance_of(1), "0.000000000000000001");
    EXPECT_EQ(balance_of(2), test::max_balance);
}

// ---------------------------------------------------------------------------------------------
// Refusals: each one leaves the ledger exactly as it was

TEST_F(TransferServiceTest, RefusesAnOverdraftWithInsufficientFunds) {
    open(1001, "100");
    open(2002, "0");
    const std::string before = store.dump();

    auto done = transfer(1001, 2002, "100.000000000000000001");

    ASSERT_FALSE(done.ok());
    EXPECT_EQ(done.error().code, ErrorCode::insufficient_funds);
    EXPECT_EQ(done.error().detail, "the source account balance is lower than the amount");
    EXPECT_EQ(store.dump(), before);
    EXPECT_EQ(store.commits(), 0);
}

TEST_F(TransferServiceTest, RefusesAMissingSourceNamingTheField) {
    open(2002, "0");
    const std::string before = store.dump();

    auto done = transfer(1001, 2002, "1");

    ASSERT_FALSE(done.ok());
    EXPECT_EQ(done.error().code, ErrorCode::account_not_found);
    EXPECT_EQ(done.error().detail, "source_account_id: account 1001 does not exist");
    EXPECT_EQ(store.dump(), before);
}

TEST_F(TransferServiceTest, RefusesAMissingDestinationNamingTheField) {
    open(1001, "500");
    const std::string before = store.dump();

    auto done = transfer(1001, 7, "1");

    ASSERT_FALSE(done.ok());
    EXPECT_EQ(done.error().code, ErrorCode::account_not_found);
    EXPECT_EQ(done.error().detail, "destination_account_id: account 7 does not exist");
    EXPECT_EQ(store.dump(), before);
}

TEST_F(TransferServiceTest, ReportsTheSourceWhenNeitherAccountExists) {
    auto done = transfer(1, 2, "1");

    ASSERT_FALSE(done.ok());
    EXPECT_EQ(done.error().code, ErrorCode::account_not_found);
    EXPECT_EQ(done.error().detail, "source_account_id: account 1 does not exist");
}

TEST_F(TransferServiceTest, RefusesTheSameAccountOnBothSidesWithoutTouchingTheStore) {
    open(1001, "500");

    auto done = transfer(1001, 1001, "1");

    ASSERT_FALSE(done.ok());
    EXPECT_EQ(done.error().code, ErrorCode::invalid_request);
    EXPECT_EQ(done.error().detail, "destination_account_id: must differ from source_account_id");
    EXPECT_EQ(store.work_runs(), 0);
    EXPECT_EQ(balance_of(1001), "500");
}

TEST_F(TransferServiceTest, RefusesAZeroAmount) {
    open(1, "500");
    open(2, "0");

    auto done = transfer(1, 2, "0");

    ASSERT_FALSE(done.ok());
    EXPECT_EQ(done.error().code, ErrorCode::invalid_request);
    EXPECT_EQ(done.error().detail, "amount: must be greater than zero");
    EXPECT_EQ(store.work_runs(), 0);
}

TEST_F(TransferServiceTest, RefusesANegativeAmountRatherThanPullingMoneyBackwards) {
    open(1, "500");
    open(2, "500");
    const std::string before = store.dump();

    auto done = transfer(1, 2, "-100");

    ASSERT_FALSE(done.ok());
    EXPECT_EQ(done.error().code, ErrorCode::invalid_request);
    EXPECT_EQ(done.error().detail, "amount: must be greater than zero");
    EXPECT_EQ(store.dump(), before);
}

TEST_F(TransferServiceTest, RefusesADestinationBalanceBeyondTheLargestWithBalanceOverflow) {
    open(1, "1");
    open(2, test::max_balance);
    const std::string before = store.dump();

    auto done = transfer(1, 2, "0.000000000000000001");

    ASSERT_FALSE(done.ok());
    EXPECT_EQ(done.error().code, ErrorCode::balance_overflow);
    EXPECT_EQ(done.error().detail, "the destination balance would exceed the largest balance an account can hold");
    EXPECT_EQ(store.dump(), before);
}

TEST_F(TransferServiceTest, ReportsInsufficientFundsBeforeOverflowWhenBothApply) {
    open(1, "1");
    open(2, test::max_balance);

    auto done = transfer(1, 2, "2");

    ASSERT_FALSE(done.ok());
    EXPECT_EQ(done.error().code, ErrorCode::insufficient_funds);
}

// ---------------------------------------------------------------------------------------------
// Store failures

TEST_F(TransferServiceTest, AnUnavailableStoreAnswersUnavailableAndChangesNothing) {
    open(1, "500");
    open(2, "0");
    const std::string before = store.dump();
    store.fail_next(Operation::transact);

    auto done = transfer(1, 2, "1");

    ASSERT_FALSE(done.ok());
    EXPECT_EQ(done.error().code, ErrorCode::unavailable);
    EXPECT_EQ(done.error().detail, "the ledger database is unavailable: injected: connection refused");
    EXPECT_EQ(store.dump(), before);
}

// A source of ids that repeats itself: the second record collides with the first.
class RepeatingIdSource final : public TransferIdSource {
public:
    TransferId next() override { return fakes::nth_transfer_id(1); }
};

TEST_F(TransferServiceTest, AWriteRefusedMidTransactionLeavesNoHalfMovedBalance) {
    RepeatingIdSource same_id;
    TransferService colliding{store, clock, same_id};
    open(1, "500");
    open(2, "0");
    ASSERT_TRUE(colliding.transfer({AccountId{1}, AccountId{2}, money("100")}).ok());
    const std::string before = store.dump();

    // Both balances are updated before the record insert fails on the duplicate id.
    auto done = colliding.transfer({AccountId{1}, AccountId{2}, money("100")});

    ASSERT_FALSE(done.ok());
    EXPECT_EQ(done.error().code, ErrorCode::unavailable);
    EXPECT_EQ(store.dump(), before);
}

TEST_F(TransferServiceTest, ADeadlockRestartAppliesTheTransferOnce) {
    open(1, "500");
    open(2, "0");
    store.restart_next_transactions(2);

    auto done = transfer(1, 2, "150");

    ASSERT_TRUE(done.ok());
    EXPECT_EQ(store.work_runs(), 3);
    EXPECT_EQ(balance_of(1), "350");
    EXPECT_EQ(balance_of(2), "150");
    EXPECT_EQ(store.transfers().size(), 1u);
}

// ---------------------------------------------------------------------------------------------
// COMMIT outcome lost: resolved by reading back

TEST_F(TransferServiceTest, ALostCommitThatHappenedIsASuccessWithTheSameIdAndNoSecondEffect) {
    open(1, "500");
    open(2, "0");
    store.lose_next_commit_outcomes(LostCommit::applied);

    auto done = transfer(1, 2, "150");

    ASSERT_TRUE(done.ok()) << done.error().detail;
    EXPECT_EQ(done->id.value, "00000000-0000-7000-8000-000000000001");
    EXPECT_EQ(store.work_runs(), 1);
    EXPECT_EQ(balance_of(1), "350");
    EXPECT_EQ(balance_of(2), "150");
    ASSERT_EQ(store.transfers().size(), 1u);
    EXPECT_EQ(store.transfers()[0].id, done->id);
}

TEST_F(TransferServiceTest, ALostCommitThatDidNotHappenIsRetriedAndAppliedExactlyOnce) {
    open(1, "500");
    open(2, "0");
    store.lose_next_commit_outcomes(LostCommit::discarded);

    auto done = transfer(1, 2, "150");

    ASSERT_TRUE(done.ok()) << done.error().detail;
    EXPECT_EQ(done->id.value, "00000000-0000-7000-8000-000000000001");
    EXPECT_EQ(ids.issued(), 1u);
    EXPECT_EQ(store.work_runs(), 2);
    EXPECT_EQ(store.commits(), 1);
    EXPECT_EQ(balance_of(1), "350");
    EXPECT_EQ(balance_of(2), "150");
    ASSERT_EQ(store.transfers().size(), 1u);
    EXPECT_EQ(store.transfers()[0].id, done->id);
}

TEST_F(TransferServiceTest, TwoLostCommitsThenASuccessfulOneApplyOnce) {
    open(1, "500");
    open(2, "0");
    store.lose_next_commit_outcomes(LostCommit::discarded, 2);

    auto done = transfer(1, 2, "150");

    ASSERT_TRUE(done.ok());
    EXPECT_EQ(store.work_runs(), 3);
    EXPECT_EQ(balance_of(1), "350");
    EXPECT_EQ(store.transfers().size(), 1u);
}

TEST_F(TransferServiceTest, ALostCommitOnTheLastAttemptThatHappenedIsStillASuccess) {
    open(1, "500");
    open(2, "0");
    store.lose_next_commit_outcomes(LostCommit::discarded, 2);
    store.lose_next_commit_outcomes(LostCommit::applied, 1);

    auto done = transfer(1, 2, "150");

    ASSERT_TRUE(done.ok());
    EXPECT_EQ(balance_of(1), "350");
    EXPECT_EQ(store.transfers().size(), 1u);
}

TEST_F(TransferServiceTest, CommitsLostThreeTimesInARowEndUnavailableWithNothingApplied) {
    open(1, "500");
    open(2, "0");
    const std::string before = store.dump();
    store.lose_next_commit_outcomes(LostCommit::discarded, 3);

    auto done = transfer(1, 2, "150");

    ASSERT_FALSE(done.ok());
    EXPECT_EQ(done.error().code, ErrorCode::unavailable);
    EXPECT_EQ(done.error().detail, "the ledger database keeps losing connections");
    EXPECT_EQ(store.work_runs(), 3);
    EXPECT_EQ(store.dump(), before);
}

TEST_F(TransferServiceTest, ALostCommitThatCannotBeReadBackIsUnavailableNotAGuess) {
    open(1, "500");
    open(2, "0");
    store.lose_next_commit_outcomes(LostCommit::discarded);
    store.fail_next(Operation::transfer_committed);

    auto done = transfer(1, 2, "150");

    ASSERT_FALSE(done.ok());
    EXPECT_EQ(done.error().code, ErrorCode::unavailable);
    EXPECT_EQ(store.work_runs(), 1);  // not retried blindly: it might have been committed
}

// ---------------------------------------------------------------------------------------------
// Reading a transfer

TEST_F(TransferServiceTest, GetTransferReturnsTheCommittedRecord) {
    open(1, "500");
    open(2, "0");
    auto done = transfer(1, 2, "0.5");
    ASSERT_TRUE(done.ok());

    auto found = service.get_transfer(done->id);

    ASSERT_TRUE(found.ok());
    EXPECT_EQ(found->id, done->id);
    EXPECT_EQ(found->source, AccountId{1});
    EXPECT_EQ(found->target, AccountId{2});
    EXPECT_EQ(found->amount.to_string(), "0.5");
    EXPECT_EQ(found->created_at, fakes::fixed_instant());
}

TEST_F(TransferServiceTest, GetTransferOfAnUnknownIdIsTransferNotFound) {
    auto found = service.get_transfer(TransferId{"00000000-0000-7000-8000-0000000000ff"});

    ASSERT_FALSE(found.ok());
    EXPECT_EQ(found.error().code, ErrorCode::transfer_not_found);
    EXPECT_EQ(found.error().detail, "transfer 00000000-0000-7000-8000-0000000000ff does not exist");
}

TEST_F(TransferServiceTest, GetTransferWithTheStoreDownIsUnavailableNotNotFound) {
    store.fail_next(Operation::find_transfer);

    auto found = service.get_transfer(TransferId{"00000000-0000-7000-8000-000000000001"});

    ASSERT_FALSE(found.ok());
    EXPECT_EQ(found.error().code, ErrorCode::unavailable);
}

}  // namespace
}  // namespace transfers
