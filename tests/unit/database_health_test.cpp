// DatabaseHealth: the health answer comes from the last background check and its age, never
// from a call to the database, so a stalled database cannot stall it.
#include "app/database_health.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "unit/fakes/fake_monotonic_clock.hpp"
#include "unit/fakes/in_memory_ledger_store.hpp"

namespace transfers {
namespace {

using namespace std::chrono_literals;
using Operation = fakes::InMemoryLedgerStore::Operation;

// A store whose ping waits until the test lets it go: a database that stopped answering.
class StalledPingStore final : public LedgerStore {
public:
    StoreResult<void> insert_account(const Account&) override { return fail(not_here()); }
    StoreResult<std::optional<Account>> find_account(AccountId) override { return fail(not_here()); }
    StoreResult<std::optional<Transfer>> find_transfer(const TransferId&) override { return fail(not_here()); }
    StoreResult<bool> transfer_committed(const TransferId&) override { return fail(not_here()); }
    StoreResult<void> transact(const TransactionWork&) override { return fail(not_here()); }
    StoreResult<std::vector<SequencedTransfer>> list_transfers(AccountId, std::optional<std::int64_t>,
                                                               std::size_t) override {
        return fail(not_here());
    }
    StoreResult<std::size_t> purge_idempotency_records(Timestamp, std::size_t) override { return fail(not_here()); }
    StoreResult<std::vector<CacheRepair>> cache_repairs(std::size_t) override { return fail(not_here()); }
    StoreResult<void> forget_cache_repairs(std::span<const CacheRepair>) override { return fail(not_here()); }
    StoreResult<void> ping() override {
        std::unique_lock lock(mutex_);
        pinging_ = true;
        changed_.notify_all();
        changed_.wait(lock, [this] { return released_; });
        return fail(StoreFailure{StoreFailure::Kind::unavailable, "Lost connection to server during query"});
    }
    void wait_until_pinging() {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [this] { return pinging_; });
    }
    void release() {
        std::lock_guard lock(mutex_);
        released_ = true;
        changed_.notify_all();
    }

private:
    static StoreFailure not_here() { return StoreFailure{StoreFailure::Kind::unavailable, "not used by this test"}; }
    std::mutex mutex_;
    std::condition_variable changed_;
    bool pinging_ = false;
    bool released_ = false;
};

const HealthCheckLimits limits{1000ms, 5000ms, 3000ms};

TEST(DatabaseHealth, IsDownBeforeTheFirstCheck) {
    fakes::InMemoryLedgerStore store;
    fakes::FakeMonotonicClock clock;
    DatabaseHealth health(store, clock, limits);

    const DependencyStatus status = health.status();

    EXPECT_FALSE(status.up);
    EXPECT_TRUE(status.required);
    EXPECT_EQ(status.reason, "not checked yet");
    EXPECT_FALSE(status.checked_ms_ago.has_value());
}

TEST(DatabaseHealth, IsUpAfterASuccessfulCheckAndSaysHowOldItIs) {
    fakes::InMemoryLedgerStore store;
    fakes::FakeMonotonicClock clock;
    DatabaseHealth health(store, clock, limits);
    health.check_once();
    clock.advance(2999ms);

    const DependencyStatus status = health.status();

    EXPECT_TRUE(status.up);
    EXPECT_EQ(status.name, "database");
    EXPECT_EQ(status.checked_ms_ago, 2999);
}

TEST(DatabaseHealth, IsDownAtOnceAfterAFailedCheck) {
    fakes::InMemoryLedgerStore store;
    fakes::FakeMonotonicClock clock;
    DatabaseHealth health(store, clock, limits);
    health.check_once();
    store.fail_next(Operation::ping);
    health.check_once();

    const DependencyStatus status = health.status();

    EXPECT_FALSE(status.up);
    EXPECT_EQ(status.reason, "injected: connection refused");
    EXPECT_EQ(status.checked_ms_ago, 0);
}

TEST(DatabaseHealth, IsDownWhenTheLastSuccessIsOlderThanThreeIntervals) {
    fakes::InMemoryLedgerStore store;
    fakes::FakeMonotonicClock clock;
    DatabaseHealth health(store, clock, limits);
    health.check_once();
    clock.advance(3001ms);  // the checker has not run since: it is stuck, or the process is

    const DependencyStatus status = health.status();

    EXPECT_FALSE(status.up);
    EXPECT_EQ(status.reason, "no successful check for 3001 ms");
}

TEST(DatabaseHealth, IsUpAgainAfterTheNextSuccessfulCheck) {
    fakes::InMemoryLedgerStore store;
    fakes::FakeMonotonicClock clock;
    DatabaseHealth health(store, clock, limits);
    store.fail_next(Operation::ping);
    health.check_once();
    clock.advance(1000ms);
    health.check_once();

    EXPECT_TRUE(health.status().up);
}

TEST(DatabaseHealth, AnswersWhileACheckIsStalledAndIsDownOnceItOutlivedTheDeadline) {
    StalledPingStore store;
    fakes::FakeMonotonicClock clock;
    DatabaseHealth health(store, clock, limits);
    std::thread checker([&] { health.check_once(); });
    store.wait_until_pinging();

    clock.advance(5000ms);
    const DependencyStatus within_deadline = health.status();  // answered while the ping hangs
    clock.advance(1ms);
    const DependencyStatus past_deadline = health.status();
    store.release();
    checker.join();

    EXPECT_FALSE(within_deadline.up) << "never checked successfully";
    EXPECT_EQ(within_deadline.reason, "not checked yet");
    EXPECT_FALSE(past_deadline.up);
    EXPECT_EQ(past_deadline.reason, "a check has waited 5001 ms for the database");
    EXPECT_EQ(health.status().reason, "Lost connection to server during query");
}

}  // namespace
}  // namespace transfers
