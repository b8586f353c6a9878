// Batched execution: one transaction for many transfers, each client with its own exact answer.
#include <gtest/gtest.h>

#include "app/transfer_batcher.hpp"
#include "ports/no_tracer.hpp"
#include "unit/captured_transfer_answer.hpp"
#include "unit/fakes/manual_task_runner.hpp"
#include "unit/fakes/recording_balance_cache.hpp"
#include "unit/transfer_service_fixture.hpp"

namespace transfers {
namespace {

using test::money;
using test::TransferServiceTest;

TEST_F(TransferServiceTest, ABatchWithMixedOutcomesAnswersEachTransferOnItsOwnInOneCommit) {
    open(1, "100");
    open(2, "0");
    open(3, "10");
    const std::vector<TransferCommand> commands{
        {AccountId{1}, AccountId{2}, money("60")},   // fine
        {AccountId{1}, AccountId{3}, money("50")},   // overdraft: 1 holds 40 now
        {AccountId{2}, AccountId{1}, money("60")},   // fine: spends the first credit
        {AccountId{3}, AccountId{4}, money("1")},    // no account 4
        {AccountId{3}, AccountId{3}, money("1")},    // same account: refused before the database
        {AccountId{3}, AccountId{2}, money("10")},   // fine: empties 3
    };
    const int commits_before = store.commits();
    const BatchOutcome outcome = service.commit_batch(commands);
    ASSERT_EQ(outcome.results.size(), 6u);
    EXPECT_TRUE(outcome.results[0].ok());
    EXPECT_EQ(outcome.results[1].error().code, ErrorCode::insufficient_funds);
    EXPECT_TRUE(outcome.results[2].ok());
    EXPECT_EQ(outcome.results[3].error().code, ErrorCode::account_not_found);
    EXPECT_EQ(outcome.results[4].error().code, ErrorCode::invalid_request);
    EXPECT_TRUE(outcome.results[5].ok());
    EXPECT_EQ(store.commits(), commits_before + 1);
    EXPECT_EQ(store.account(AccountId{1})->balance.to_string(), "100");
    EXPECT_EQ(store.account(AccountId{2})->balance.to_string(), "10");
    EXPECT_EQ(store.account(AccountId{3})->balance.to_string(), "0");
    EXPECT_EQ(store.transfers().size(), 3u);
    EXPECT_EQ(outcome.results[0]->amount.to_string(), "60");
    EXPECT_NE(outcome.results[0]->id, outcome.results[2]->id);
    ASSERT_EQ(outcome.accounts_after.size(), 2u) << "account 1 nets out to zero and is not rewritten";
    EXPECT_EQ(outcome.accounts_after[0].id, AccountId{2});
    EXPECT_EQ(outcome.accounts_after[0].version, 1);
}

TEST_F(TransferServiceTest, ABatchInWhichEverythingFailsWritesNothing) {
    open(1, "1");
    open(2, "0");
    const int commits_before = store.commits();
    const std::vector<TransferCommand> commands{{AccountId{1}, AccountId{2}, money("2")},
                                                {AccountId{2}, AccountId{1}, money("1")}};
    const BatchOutcome outcome = service.commit_batch(commands);
    EXPECT_EQ(outcome.results[0].error().code, ErrorCode::insufficient_funds);
    EXPECT_EQ(outcome.results[1].error().code, ErrorCode::insufficient_funds);
    EXPECT_TRUE(outcome.accounts_after.empty());
    EXPECT_EQ(store.commits(), commits_before);
}

TEST_F(TransferServiceTest, ABatchWhoseDatabaseFailsAnswersUnavailableToEveryTransferInIt) {
    open(1, "10");
    open(2, "0");
    store.fail_next(fakes::InMemoryLedgerStore::Operation::transact);
    const std::vector<TransferCommand> commands{{AccountId{1}, AccountId{2}, money("1")},
                                                {AccountId{1}, AccountId{1}, money("1")}};
    const BatchOutcome outcome = service.commit_batch(commands);
    EXPECT_EQ(outcome.results[0].error().code, ErrorCode::unavailable);
    EXPECT_EQ(outcome.results[1].error().code, ErrorCode::invalid_request) << "its own error, not the batch's";
    EXPECT_EQ(store.account(AccountId{1})->balance.to_string(), "10");
}

class TransferBatcherTest : public TransferServiceTest {
protected:
    using Answer = test::CapturedTransferAnswer;
    static Reply<Transfer> into(Answer& answer) { return answer.reply(); }
    fakes::ManualTaskRunner runner;
    fakes::RecordingBalanceCache recording_cache;
    CommitCounter commits;
    NoTracer tracer;
};

TEST_F(TransferBatcherTest, TransfersArrivingTogetherShareOneCommitAndEachGetsItsOwnAnswer) {
    open(1, "10");
    open(2, "10");
    BatchLimits limits;
    limits.more_executors_queue_min = 0;
    TransferBatcher batcher(service, recording_cache, commits, runner, limits, tracer);
    std::vector<Answer> answers(5);
    for (int i = 0; i < 4; ++i) batcher.submit({AccountId{1}, AccountId{2}, money("3")}, {}, into(answers[i]));
    batcher.submit({AccountId{2}, AccountId{1}, money("1")}, {}, into(answers[4]));
    EXPECT_EQ(runner.queued(), 2u) << "two executors at most, however many transfers wait";
    const int commits_before = store.commits();
    runner.run_all();
    EXPECT_EQ(store.commits(), commits_before + 1) << "the first executor took all five";
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(answers[i].result->ok()) << i;
    EXPECT_EQ(answers[3].result->error().code, ErrorCode::insufficient_funds);
    EXPECT_TRUE(answers[4].result->ok());
    for (const Answer& answer : answers) EXPECT_EQ(answer.calls, 1);
    EXPECT_EQ(store.account(AccountId{1})->balance.to_string(), "2");
    EXPECT_EQ(recording_cache.entries.at(2).balance.to_string(), "18");
    EXPECT_EQ(commits.now(), 1u);
}

TEST_F(TransferBatcherTest, ALoneTransferIsHandedToAnExecutorAtOnce) {
    open(1, "10");
    open(2, "0");
    TransferBatcher batcher(service, recording_cache, commits, runner, BatchLimits{}, tracer);
    Answer answer;
    batcher.submit({AccountId{1}, AccountId{2}, money("1")}, {}, into(answer));
    EXPECT_EQ(runner.queued(), 1u);
    runner.run_all();
    EXPECT_TRUE(answer.result->ok());
}

TEST_F(TransferBatcherTest, WhileOneExecutorRunsAnotherStartsOnlyOnceEnoughTransfersWait) {
    for (std::int64_t id = 1; id <= 8; ++id) open(id, "10");
    BatchLimits limits;
    limits.more_executors_queue_min = 3;
    TransferBatcher batcher(service, recording_cache, commits, runner, limits, tracer);
    std::vector<Answer> answers(4);
    batcher.submit({AccountId{1}, AccountId{2}, money("1")}, {}, into(answers[0]));
    EXPECT_EQ(runner.queued(), 1u) << "the first executor starts at once";
    batcher.submit({AccountId{3}, AccountId{4}, money("1")}, {}, into(answers[1]));
    EXPECT_EQ(runner.queued(), 1u) << "two waiting: the running executor will take them";
    batcher.submit({AccountId{5}, AccountId{6}, money("1")}, {}, into(answers[2]));
    EXPECT_EQ(runner.queued(), 2u) << "three waiting: a second executor";
    batcher.submit({AccountId{7}, AccountId{8}, money("1")}, {}, into(answers[3]));
    EXPECT_EQ(runner.queued(), 2u) << "two executors at most";
    runner.run_all();
    for (const Answer& answer : answers) EXPECT_TRUE(answer.result->ok());
}

TEST_F(TransferBatcherTest, BatchesAreCutAtTheirLimit) {
    open(1, "100");
    open(2, "0");
    BatchLimits limits;
    limits.batch_transfers_max = 3;
    limits.executors_max = 1;
    TransferBatcher batcher(service, recording_cache, commits, runner, limits, tracer);
    std::vector<Answer> answers(7);
    for (auto& answer : answers) batcher.submit({AccountId{1}, AccountId{2}, money("1")}, {}, into(answer));
    const int commits_before = store.commits();
    runner.run_all();
    EXPECT_EQ(store.commits(), commits_before + 3);  // 3 + 3 + 1
    for (const Answer& answer : answers) EXPECT_TRUE(answer.result->ok());
}

TEST_F(TransferBatcherTest, AFullQueueAnswersUnavailableAtOnceAndTheQueuedOnesStillCommit) {
    open(1, "100");
    open(2, "0");
    BatchLimits limits;
    limits.queue_depth_max = 2;
    TransferBatcher batcher(service, recording_cache, commits, runner, limits, tracer);
    std::vector<Answer> answers(3);
    for (auto& answer : answers) batcher.submit({AccountId{1}, AccountId{2}, money("1")}, {}, into(answer));
    ASSERT_EQ(answers[2].calls, 1);
    EXPECT_EQ(answers[2].result->error().code, ErrorCode::unavailable);
    runner.run_all();
    EXPECT_TRUE(answers[0].result->ok());
    EXPECT_TRUE(answers[1].result->ok());
    EXPECT_EQ(store.account(AccountId{1})->balance.to_string(), "98");
}

TEST_F(TransferBatcherTest, WhileABatchIsInFlightASecondOneTakesOnlyTransfersOnOtherAccounts) {
    open(1, "10");
    open(2, "0");
    open(3, "5");
    open(4, "0");
    BatchLimits limits;
    limits.more_executors_queue_min = 0;
    TransferBatcher batcher(service, recording_cache, commits, runner, limits, tracer);
    std::vector<Answer> answers(3);
    batcher.submit({AccountId{1}, AccountId{2}, money("10")}, {}, into(answers[0]));
    store.before_next_transaction([&] {
        // The first batch holds accounts 1 and 2 now. 2 -> 1 must wait for it (it spends what the
        // first one brings); 3 -> 4 need not, and goes in a second batch at once.
        batcher.submit({AccountId{2}, AccountId{1}, money("10")}, {}, into(answers[1]));
        batcher.submit({AccountId{3}, AccountId{4}, money("5")}, {}, into(answers[2]));
        EXPECT_EQ(runner.queued(), 1u) << "one more executor, started for 3 -> 4 only";
        runner.run_all();
        EXPECT_EQ(answers[2].calls, 1) << "committed while the first batch was still in flight";
        EXPECT_EQ(answers[1].calls, 0) << "waits for the batch holding its accounts";
        EXPECT_EQ(balance_of(3), "0");
    });
    runner.run_all();
    for (const Answer& answer : answers) {
        ASSERT_EQ(answer.calls, 1);
        EXPECT_TRUE(answer.result->ok()) << "2 -> 1 ran after 1 -> 2, as it arrived";
    }
    EXPECT_EQ(balance_of(1), "10");
    EXPECT_EQ(balance_of(2), "0");
    EXPECT_EQ(balance_of(4), "5");
}

}  // namespace
}  // namespace transfers
