// TransferService under many threads: random transfers both ways among a few accounts keep
// the ledger's invariants (README, "What is always true"), also when COMMITs are lost and deadlocks restart.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "app/transfer_service.hpp"
#include "test_support.hpp"
#include "unit/fakes/fake_clock.hpp"
#include "unit/fakes/fake_transfer_id_source.hpp"
#include "unit/fakes/in_memory_ledger_store.hpp"

namespace transfers {
namespace {

using fakes::InMemoryLedgerStore;
using test::money;
using Units = Money::Units;

constexpr int accounts_count = 20;
constexpr int threads_count = 8;
constexpr int transfers_per_thread = 400;

// Amounts from one unit to more than any single balance, so some transfers are refused.
const std::array<const char*, 6> amounts = {"0.000000000000000001", "1", "17.25", "99.999999999999999999",
                                            "250", "5000"};

struct Outcome {
    std::vector<Transfer> succeeded;
    std::map<ErrorCode, int> refused;
};

class TransferConcurrencyTest : public ::testing::Test {
protected:
    void SetUp() override {
        for (int i = 1; i <= accounts_count; ++i) {
            // Unequal starting balances: 100.5, 201, 301.5, ...
            const Money initial = Money::from_units(static_cast<Units>(i) * 1005 * Money::units_per_one / 10);
            initial_[AccountId{i}] = initial;
            ASSERT_TRUE(store.insert_account(Account{AccountId{i}, initial, 0}).ok());
        }
    }

    // Each thread draws its own pairs (both directions) and amounts, with its own seed.
    Outcome run_threads() {
        std::vector<Outcome> outcomes(threads_count);
        std::vector<std::thread> threads;
        for (int t = 0; t < threads_count; ++t) {
            threads.emplace_back([this, t, &outcomes] {
                std::mt19937 random(static_cast<unsigned>(t) * 7919u + 1u);
                std::uniform_int_distribution<int> account(1, accounts_count);
                std::uniform_int_distribution<std::size_t> amount(0, amounts.size() - 1);
                for (int n = 0; n < transfers_per_thread; ++n) {
                    const int source = account(random);
                    int target = account(random);
                    if (target == source) target = source % accounts_count + 1;
                    auto done = service.transfer({AccountId{source}, AccountId{target}, money(amounts[amount(random)])});
                    if (done) outcomes[t].succeeded.push_back(*done);
                    else ++outcomes[t].refused[done.error().code];
                }
            });
        }
        for (std::thread& thread : threads) thread.join();
        Outcome all;
        for (const Outcome& outcome : outcomes) {
            all.succeeded.insert(all.succeeded.end(), outcome.succeeded.begin(), outcome.succeeded.end());
            for (const auto& [code, count] : outcome.refused) all.refused[code] += count;
        }
        return all;
    }

    // Invariants 1, 2 and 5, and that exactly the acknowledged transfers are in the ledger.
    void expect_ledger_matches(const Outcome& outcome) {
        std::map<AccountId, Units> expected;
        std::map<AccountId, std::int64_t> touches;
        for (const auto& [id, initial] : initial_) expected[id] = initial.units();
        for (const Transfer& t : outcome.succeeded) {
            expected[t.source] -= t.amount.units();
            expected[t.target] += t.amount.units();
            ++touches[t.source];
            ++touches[t.target];
        }
        Units total_before = 0;
        Units total_after = 0;
        for (const auto& [id, initial] : initial_) total_before += initial.units();
        for (const Account& account : store.accounts()) {
            total_after += account.balance.units();
            EXPECT_FALSE(account.balance.is_negative()) << "account " << account.id.value;
            EXPECT_EQ(account.balance, Money::from_units(expected[account.id])) << "account " << account.id.value;
            EXPECT_EQ(account.version, touches[account.id]) << "account " << account.id.value;
        }
        EXPECT_TRUE(total_after == total_before) << "money was created or destroyed";

        std::set<std::string> acknowledged;
        for (const Transfer& t : outcome.succeeded) acknowledged.insert(t.id.value);
        std::set<std::string> recorded;
        for (const Transfer& t : store.transfers()) recorded.insert(t.id.value);
        EXPECT_EQ(acknowledged.size(), outcome.succeeded.size()) << "an id was acknowledged twice";
        EXPECT_EQ(recorded.size(), store.transfers().size()) << "a transfer was recorded twice";
        EXPECT_EQ(recorded, acknowledged);
        EXPECT_EQ(static_cast<std::size_t>(store.commits()), outcome.succeeded.size());
    }

    InMemoryLedgerStore store;
    fakes::FakeClock clock;
    fakes::FakeTransferIdSource ids;
    NoBalanceCache cache;
    TransferService service{store, cache, clock, ids};
    std::map<AccountId, Money> initial_;
};

TEST_F(TransferConcurrencyTest, RandomTransfersBothWaysConserveMoneyAndMatchTheLedger) {
    Outcome outcome = run_threads();

    expect_ledger_matches(outcome);
    EXPECT_EQ(outcome.succeeded.size() + static_cast<std::size_t>(outcome.refused[ErrorCode::insufficient_funds]),
              static_cast<std::size_t>(threads_count * transfers_per_thread));
    EXPECT_GT(outcome.succeeded.size(), 0u);
    EXPECT_GT(outcome.refused[ErrorCode::insufficient_funds], 0) << "the amounts should exercise refusals too";
}

TEST_F(TransferConcurrencyTest, LostCommitsAndDeadlockRestartsStillApplyEachAcknowledgedTransferOnce) {
    for (int i = 0; i < 40; ++i) {
        store.lose_next_commit_outcomes(InMemoryLedgerStore::LostCommit::applied);
        store.lose_next_commit_outcomes(InMemoryLedgerStore::LostCommit::discarded);
    }
    store.restart_next_transactions(100);

    Outcome outcome = run_threads();

    // A transfer whose COMMIT was lost three times answers unavailable; it must then be absent.
    expect_ledger_matches(outcome);
    EXPECT_FALSE(store.injections_pending()) << "every lost commit and restart happened";
    EXPECT_GE(store.work_runs(), threads_count * transfers_per_thread + 100);  // each restart runs the work again
}

}  // namespace
}  // namespace transfers
