// TransferBatcher when the database stalls or the process stops: no transfer waits without
// bound, and one that never reached a transaction is answered 503, never run later.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <thread>
#include <vector>

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

class TransferBatcherBoundsTest : public TransferServiceTest {
protected:
    using Answer = test::CapturedTransferAnswer;
    static Reply<Transfer> into(Answer& answer) { return answer.reply(); }
    void expect_unavailable(const Answer& answer, std::string_view detail) {
        ASSERT_EQ(answer.calls, 1);
        ASSERT_FALSE(answer.result->ok());
        EXPECT_EQ(answer.result->error().code, ErrorCode::unavailable);
        EXPECT_EQ(answer.result->error().detail, detail);
    }
    fakes::ManualTaskRunner runner;
    fakes::RecordingBalanceCache cache;
    CommitCounter commits;
    NoTracer tracer;
};

TEST_F(TransferBatcherBoundsTest, CloseAnswersTheQueuedTransfers503AndTheyNeverRun) {
    open(1, "10");
    open(2, "0");
    TransferBatcher batcher(service, cache, commits, runner, BatchLimits{}, tracer);
    std::vector<Answer> answers(3);
    for (auto& answer : answers) batcher.submit({AccountId{1}, AccountId{2}, money("1")}, {}, into(answer));
    const std::string before = store.dump();

    batcher.close();
    runner.run_all();  // the executor started for them finds nothing to run

    for (const Answer& answer : answers) {
        expect_unavailable(answer, "the service is shutting down: the transfer was not executed");
    }
    EXPECT_EQ(store.dump(), before);
}

TEST_F(TransferBatcherBoundsTest, AfterCloseANewTransferIsAnswered503AtOnce) {
    open(1, "10");
    open(2, "0");
    TransferBatcher batcher(service, cache, commits, runner, BatchLimits{}, tracer);
    batcher.close();
    Answer answer;

    batcher.submit({AccountId{1}, AccountId{2}, money("1")}, {}, into(answer));

    expect_unavailable(answer, "the service is shutting down: the transfer was not executed");
    EXPECT_EQ(runner.queued(), 0u);
}

TEST_F(TransferBatcherBoundsTest, ABatchInTheDatabaseWhenCloseComesEndsAndIsAnswered) {
    open(1, "10");
    open(2, "0");
    TransferBatcher batcher(service, cache, commits, runner, BatchLimits{}, tracer);
    Answer in_flight;
    Answer queued;
    batcher.submit({AccountId{1}, AccountId{2}, money("1")}, {}, into(in_flight));
    store.before_next_transaction([&] {
        batcher.submit({AccountId{2}, AccountId{1}, money("1")}, {}, into(queued));
        batcher.close();
    });

    runner.run_all();

    ASSERT_EQ(in_flight.calls, 1);
    EXPECT_TRUE(in_flight.result->ok());
    expect_unavailable(queued, "the service is shutting down: the transfer was not executed");
    EXPECT_EQ(balance_of(2), "1");
}

TEST_F(TransferBatcherBoundsTest, ATransferThatWaitedAWholeDeadlineForItsBatchIsAnswered503NotRun) {
    open(1, "10");
    open(2, "0");
    BatchLimits limits;
    limits.wait_ms_queued_max = std::chrono::milliseconds(1);
    TransferBatcher batcher(service, cache, commits, runner, limits, tracer);
    Answer answer;
    batcher.submit({AccountId{1}, AccountId{2}, money("1")}, {}, into(answer));
    const std::string before = store.dump();

    std::this_thread::sleep_for(std::chrono::milliseconds(5));  // the batch before it stalled
    runner.run_all();

    expect_unavailable(answer, "the transfer waited a whole database deadline for its batch: not executed");
    EXPECT_EQ(store.dump(), before);
}

TEST_F(TransferBatcherBoundsTest, ATransferTakenWithinItsWaitLimitRuns) {
    open(1, "10");
    open(2, "0");
    BatchLimits limits;
    limits.wait_ms_queued_max = std::chrono::milliseconds(60000);
    TransferBatcher batcher(service, cache, commits, runner, limits, tracer);
    Answer answer;
    batcher.submit({AccountId{1}, AccountId{2}, money("1")}, {}, into(answer));

    runner.run_all();

    ASSERT_EQ(answer.calls, 1);
    EXPECT_TRUE(answer.result->ok());
    EXPECT_EQ(balance_of(2), "1");
}

}  // namespace
}  // namespace transfers
