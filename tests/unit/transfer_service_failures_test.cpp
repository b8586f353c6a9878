// TransferService when the ledger fails: nothing half done, and an unknown COMMIT outcome
// resolved by reading back, never by guessing.
#include "app/transfer_service.hpp"

#include <gtest/gtest.h>

#include <string>

#include "transfer_service_fixture.hpp"

namespace transfers {
namespace {

using fakes::InMemoryLedgerStore;
using test::money;
using test::TransferServiceTest;
using LostCommit = InMemoryLedgerStore::LostCommit;
using Operation = InMemoryLedgerStore::Operation;

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
    TransferService colliding{store, cache, clock, same_id};
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

TEST_F(TransferServiceTest, ALostCommitThatCannotBeReadBackIsOutcomeUnknownNotAFailure) {
    open(1, "500");
    open(2, "0");
    store.lose_next_commit_outcomes(LostCommit::discarded);
    store.fail_next(Operation::transfer_committed);

    auto done = transfer(1, 2, "150");

    ASSERT_FALSE(done.ok());
    EXPECT_EQ(done.error().code, ErrorCode::outcome_unknown);
    EXPECT_EQ(done.error().detail,
              "COMMIT sent, its outcome lost, and the read-back failed: "
              "the ledger database is unavailable: injected: connection refused");
    EXPECT_EQ(store.work_runs(), 1);  // not retried blindly: it might have been committed
}

TEST_F(TransferServiceTest, AnUnknownOutcomeThatWasCommittedIsLearnedByARetryWithTheSameKey) {
    open(1, "500");
    open(2, "0");
    store.lose_next_commit_outcomes(LostCommit::applied);
    store.fail_next(Operation::transfer_committed);
    const TransferCommand command{AccountId{1}, AccountId{2}, money("150"), "key-1"};

    auto unknown = service.transfer(command);
    auto retried = service.transfer(command);

    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().code, ErrorCode::outcome_unknown);
    ASSERT_TRUE(retried.ok()) << retried.error().detail;
    EXPECT_EQ(retried->id.value, "00000000-0000-7000-8000-000000000001");
    EXPECT_EQ(balance_of(1), "350");
    EXPECT_EQ(store.transfers().size(), 1u);
}

TEST_F(TransferServiceTest, AnUnknownOutcomeThatWasNotCommittedIsExecutedOnceByARetryWithTheSameKey) {
    open(1, "500");
    open(2, "0");
    store.lose_next_commit_outcomes(LostCommit::discarded);
    store.fail_next(Operation::transfer_committed);
    const TransferCommand command{AccountId{1}, AccountId{2}, money("150"), "key-1"};

    auto unknown = service.transfer(command);
    auto retried = service.transfer(command);

    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().code, ErrorCode::outcome_unknown);
    ASSERT_TRUE(retried.ok()) << retried.error().detail;
    EXPECT_EQ(balance_of(1), "350");
    EXPECT_EQ(store.transfers().size(), 1u);
}

}  // namespace
}  // namespace transfers
