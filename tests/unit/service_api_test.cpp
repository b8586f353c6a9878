// ServiceApi: where the use cases run, the cache in front of reads and behind commits, single
// flight for misses, and 503 when the work queue is full.
#include "app/service_api.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <thread>

#include "unit/fakes/fake_clock.hpp"
#include "unit/fakes/fake_monotonic_clock.hpp"
#include "unit/fakes/fake_transfer_id_source.hpp"
#include "unit/fakes/in_memory_ledger_store.hpp"
#include "unit/fakes/inline_task_runner.hpp"
#include "unit/fakes/manual_task_runner.hpp"
#include "unit/fakes/recording_balance_cache.hpp"
#include "unit/test_support.hpp"
#include "ports/no_tracer.hpp"

namespace transfers {
namespace {

using test::money;

// Counts account reads that reach the ledger, and forwards everything.
class CountingStore final : public LedgerStore {
public:
    explicit CountingStore(LedgerStore& inner) : inner_(inner) {}
    StoreResult<void> insert_account(const Account& account) override { return inner_.insert_account(account); }
    StoreResult<std::optional<Account>> find_account(AccountId id) override {
        ++account_reads;
        return inner_.find_account(id);
    }
    StoreResult<std::optional<Transfer>> find_transfer(const TransferId& id) override { return inner_.find_transfer(id); }
    StoreResult<bool> transfer_committed(const TransferId& id) override { return inner_.transfer_committed(id); }
    StoreResult<void> transact(const TransactionWork& work) override { return inner_.transact(work); }
    StoreResult<void> ping() override { return inner_.ping(); }
    StoreResult<std::vector<SequencedTransfer>> list_transfers(AccountId account, std::optional<std::int64_t> before,
                                                               std::size_t limit) override {
        return inner_.list_transfers(account, before, limit);
    }
    StoreResult<std::size_t> purge_idempotency_records(Timestamp cutoff, std::size_t limit) override {
        return inner_.purge_idempotency_records(cutoff, limit);
    }
    StoreResult<std::vector<CacheRepair>> cache_repairs(std::size_t limit) override { return inner_.cache_repairs(limit); }
    StoreResult<void> forget_cache_repairs(std::span<const CacheRepair> done) override {
        return inner_.forget_cache_repairs(done);
    }
    std::atomic<int> account_reads{0};

private:
    LedgerStore& inner_;
};

template <typename T>
struct Captured {
    std::optional<Result<T, Error>> result;
    int calls = 0;
    Reply<T> reply() {
        return [this](Result<T, Error> given) {
            ++calls;
            result.emplace(std::move(given));
        };
    }
};

class ServiceApiTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(ledger.insert_account(Account{AccountId{1}, money("500"), 0}).ok());
        ASSERT_TRUE(ledger.insert_account(Account{AccountId{2}, money("200"), 0}).ok());
    }
    ServiceApi api_with(TaskRunner& runner) {
        batcher.emplace(transfers, cache, commits, runner, BatchLimits{}, tracer);
        return ServiceApi({accounts, transfers, *batcher, readiness, cache, runner, commits, tracer});
    }

    fakes::InMemoryLedgerStore ledger;
    CountingStore store{ledger};
    fakes::FakeClock clock;
    fakes::FakeTransferIdSource ids;
    fakes::RecordingBalanceCache cache;
    CommitCounter commits;
    NoTracer tracer;
    AccountService accounts{store, clock};
    TransferService transfers{store, cache, clock, ids};
    fakes::FakeMonotonicClock monotonic;
    DatabaseHealth database_health{store, monotonic, HealthCheckLimits{}};
    Readiness readiness{database_health, cache};
    fakes::ManualTaskRunner manual;
    fakes::InlineTaskRunner inline_runner;
    std::optional<TransferBatcher> batcher;
};

TEST_F(ServiceApiTest, AThousandConcurrentMissesOnOneAccountCostOneDatabaseRead) {
    ServiceApi api = api_with(manual);
    std::vector<Captured<Account>> answers(1000);
    for (auto& answer : answers) api.get_account(AccountId{1}, answer.reply());
    EXPECT_EQ(manual.queued(), 1u);
    manual.run_all();
    EXPECT_EQ(store.account_reads.load(), 1);
    for (const auto& answer : answers) {
        ASSERT_EQ(answer.calls, 1);
        EXPECT_EQ((*answer.result)->balance.to_string(), "500");
    }
}

TEST_F(ServiceApiTest, ACacheHitAnswersWithoutTheDatabase) {
    cache.entries[1] = Account{AccountId{1}, money("123"), 9};
    ServiceApi api = api_with(manual);
    Captured<Account> answer;
    api.get_account(AccountId{1}, answer.reply());
    ASSERT_EQ(answer.calls, 1);
    EXPECT_EQ((*answer.result)->balance.to_string(), "123");
    EXPECT_EQ(manual.queued(), 0u);
    EXPECT_EQ(store.account_reads.load(), 0);
}

TEST_F(ServiceApiTest, AMissFillsTheCacheWithTheEpochReadBeforeTheDatabaseRead) {
    ServiceApi api = api_with(inline_runner);
    Captured<Account> answer;
    api.get_account(AccountId{2}, answer.reply());
    ASSERT_EQ(cache.fills.size(), 1u);
    EXPECT_EQ(cache.fills[0].account.balance.to_string(), "200");
    EXPECT_EQ(cache.fills[0].epoch, 7u);
}

TEST_F(ServiceApiTest, AMissingAccountIsNotFoundAndFillsNothing) {
    ServiceApi api = api_with(inline_runner);
    Captured<Account> answer;
    api.get_account(AccountId{3}, answer.reply());
    ASSERT_EQ(answer.calls, 1);
    EXPECT_EQ(answer.result->error().code, ErrorCode::account_not_found);
    EXPECT_TRUE(cache.fills.empty());
}

TEST_F(ServiceApiTest, ATransferMarksItsNewStatesPendingBeforeItCommits) {
    std::uint64_t commits_when_marked = 99;
    cache.on_mark = [&] { commits_when_marked = commits.now(); };
    ServiceApi api = api_with(inline_runner);
    Captured<Transfer> answer;
    api.transfer({AccountId{1}, AccountId{2}, money("150")}, answer.reply());
    ASSERT_EQ(answer.calls, 1);
    EXPECT_EQ((*answer.result)->amount.to_string(), "150");
    EXPECT_EQ(commits_when_marked, 0u) << "marked after the commit: a crash in between would leave an old entry";
    EXPECT_EQ(cache.pending.at(1), 1);
    EXPECT_EQ(cache.pending.at(2), 1);
    EXPECT_EQ(cache.entries.at(1).balance.to_string(), "350") << "the committed states are offered afterwards";
    EXPECT_EQ(cache.entries.at(1).version, 1);
    EXPECT_EQ(cache.entries.at(2).balance.to_string(), "350");
    EXPECT_EQ(commits.now(), 1u);
}

TEST_F(ServiceApiTest, TheCommitWaitsUntilTheCacheHasMarkedTheNewStates) {
    cache.hold_marks = true;
    ServiceApi api = api_with(inline_runner);
    Captured<Transfer> answer;
    std::thread executor([&] { api.transfer({AccountId{1}, AccountId{2}, money("150")}, answer.reply()); });
    for (;;) {  // the executor reaches the mark inside the transaction, which now waits for it
        {
            std::lock_guard lock(cache.mutex_);
            if (!cache.held.empty()) break;
        }
        std::this_thread::yield();
    }
    // The in-memory store holds its mutex for the whole transaction, so the ledger cannot be
    // read here; what the work has not done yet shows in what follows the commit.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_EQ(commits.now(), 0u) << "committed before the cache marks were in place";
    EXPECT_EQ(answer.calls, 0);
    EXPECT_TRUE(cache.entries.empty());
    cache.release_held();
    executor.join();
    ASSERT_EQ(answer.calls, 1);
    EXPECT_TRUE(answer.result->ok());
    EXPECT_EQ(ledger.account(AccountId{1})->version, 1);
}

TEST_F(ServiceApiTest, MarksThatDoNotReachTheCacheAreRecordedWithTheCommitItself) {
    ServiceApi api = api_with(inline_runner);
    Captured<Transfer> marked;
    api.transfer({AccountId{1}, AccountId{2}, money("100")}, marked.reply());
    ASSERT_TRUE(marked.result->ok());
    EXPECT_TRUE(ledger.recorded_cache_repairs().empty()) << "marks in the cache need no repair";
    cache.marks_fail = true;  // Redis fails, or the breaker is open
    Captured<Transfer> unmarked;
    api.transfer({AccountId{1}, AccountId{2}, money("50")}, unmarked.reply());
    ASSERT_TRUE(unmarked.result->ok()) << "a cache failure must not fail a transfer";
    const std::map<std::int64_t, std::int64_t> expected{{1, 2}, {2, 2}};
    EXPECT_EQ(ledger.recorded_cache_repairs(), expected);
}

TEST_F(ServiceApiTest, ARefusedTransferTouchesNeitherCacheNorCommitCount) {
    ServiceApi api = api_with(inline_runner);
    Captured<Transfer> answer;
    api.transfer({AccountId{2}, AccountId{1}, money("200.000000000000000001")}, answer.reply());
    EXPECT_EQ(answer.result->error().code, ErrorCode::insufficient_funds);
    EXPECT_TRUE(cache.entries.empty());
    EXPECT_EQ(commits.now(), 0u);
}

TEST_F(ServiceApiTest, AFullWorkQueueAnswersUnavailableAtOnce) {
    inline_runner.refusing = true;
    ServiceApi api = api_with(inline_runner);
    Captured<Transfer> transfer;
    Captured<Account> opened;
    Captured<Account> read;
    api.transfer({AccountId{1}, AccountId{2}, money("1")}, transfer.reply());
    api.open_account({AccountId{5}, money("1")}, opened.reply());
    api.get_account(AccountId{1}, read.reply());
    EXPECT_EQ(transfer.result->error().code, ErrorCode::unavailable);
    EXPECT_EQ(opened.result->error().code, ErrorCode::unavailable);
    EXPECT_EQ(read.result->error().code, ErrorCode::unavailable);
    EXPECT_EQ(ledger.account(AccountId{1})->balance.to_string(), "500");
}

TEST(AccountReadFlights, ARequestJoinsAFlightThatHasNotStartedReading) {
    CommitCounter commits;
    AccountReadFlights flights(commits);
    auto leader = flights.join(AccountId{1}, [](auto) {});
    ASSERT_NE(leader, nullptr);
    EXPECT_EQ(flights.join(AccountId{1}, [](auto) {}), nullptr);
    EXPECT_NE(flights.join(AccountId{2}, [](auto) {}), nullptr) << "another account has its own flight";
}

TEST(AccountReadFlights, AReadingFlightIsJoinedOnlyIfNoCommitWasAcknowledgedSinceItBegan) {
    CommitCounter commits;
    AccountReadFlights flights(commits);
    auto first = flights.join(AccountId{1}, [](auto) {});
    flights.start_reading(AccountId{1}, first);
    EXPECT_EQ(flights.join(AccountId{1}, [](auto) {}), nullptr);
    commits.advance();  // a 201 went out: the read in flight may predate it
    auto second = flights.join(AccountId{1}, [](auto) {});
    ASSERT_NE(second, nullptr);
    EXPECT_NE(second, first);
}

TEST(AccountReadFlights, LandingAnswersEveryWaiterOnceAndEndsTheFlight) {
    CommitCounter commits;
    AccountReadFlights flights(commits);
    int answered = 0;
    auto count = [&](const Result<Account, Error>& result) { answered += result.ok() ? 1 : 100; };
    auto flight = flights.join(AccountId{1}, count);
    flights.join(AccountId{1}, count);
    flights.start_reading(AccountId{1}, flight);
    flights.land(AccountId{1}, flight, Account{AccountId{1}, Money{}, 0});
    EXPECT_EQ(answered, 2);
    EXPECT_NE(flights.join(AccountId{1}, count), nullptr) << "a landed flight takes no more waiters";
}

}  // namespace
}  // namespace transfers
