// The invariants of README's "What is always true" under concurrent transfers, on each real backend.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "adapters/system/system_clock.hpp"
#include "adapters/system/uuid_v7_source.hpp"
#include "app/account_service.hpp"
#include "app/transfer_service.hpp"
#include "integration/store_backends.hpp"

namespace transfers::testing {
namespace {

constexpr int accounts_count = 24;
constexpr int threads_count = 8;
constexpr int transfers_per_thread = 120;

class BankInvariants : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        store_ = open_backend(GetParam());
        ASSERT_NE(store_, nullptr);
        accounts_ = std::make_unique<AccountService>(*store_, clock_);
        transfers_ = std::make_unique<TransferService>(*store_, cache_, clock_, ids_);
        base_ = fresh_account_base();
    }

    AccountId id(int offset) const { return AccountId{base_ + offset}; }

    // Balances that make overdrafts common but not universal.
    Money initial_balance(int offset) const {
        return money(offset % 3 == 0 ? "0.5" : offset % 3 == 1 ? "25.123456789012345678" : "100");
    }

    Money balance_of(int offset) {
        auto account = accounts_->get_account(id(offset));
        EXPECT_TRUE(account.ok());
        return account.ok() ? account->balance : Money{};
    }

    SystemClock clock_;
    UuidV7Source ids_;
    NoBalanceCache cache_;
    std::unique_ptr<LedgerStore> store_;
    std::unique_ptr<AccountService> accounts_;
    std::unique_ptr<TransferService> transfers_;
    std::int64_t base_ = 0;
};

Money random_amount(std::mt19937_64& random) {
    // Up to about 18.4 with 18 fraction digits: exact arithmetic and frequent overdrafts.
    const Money::Units units = Money::Units{random()} % (30 * Money::units_per_one) + 1;
    return Money::from_units(units);
}

TEST_P(BankInvariants, ConcurrentTransfersConserveMoneyAndMatchTheLedger) {
    Money total_before;
    for (int a = 0; a < accounts_count; ++a) {
        ASSERT_TRUE(accounts_->open_account({id(a), initial_balance(a)}).ok());
        total_before = total_before.checked_add(initial_balance(a)).value();
    }
    std::mutex accepted_mutex;
    std::vector<Transfer> accepted;  // guarded by accepted_mutex
    std::atomic<int> unexpected_errors{0};
    auto client = [&](unsigned seed) {
        std::mt19937_64 random{seed};
        for (int i = 0; i < transfers_per_thread; ++i) {
            const int source = static_cast<int>(random() % accounts_count);
            const int target = (source + 1 + static_cast<int>(random() % (accounts_count - 1))) % accounts_count;
            auto done = transfers_->transfer({id(source), id(target), random_amount(random)});
            if (done.ok()) {
                std::lock_guard lock(accepted_mutex);
                accepted.push_back(*done);
            } else if (done.error().code != ErrorCode::insufficient_funds) {
                ++unexpected_errors;
                ADD_FAILURE() << "unexpected error: " << done.error().detail;
            }
        }
    };
    std::vector<std::thread> clients;
    for (int t = 0; t < threads_count; ++t) clients.emplace_back(client, 1000u + static_cast<unsigned>(t));
    for (auto& thread : clients) thread.join();

    EXPECT_EQ(unexpected_errors.load(), 0);
    EXPECT_GT(accepted.size(), 0u);
    std::map<std::int64_t, Money> expected;
    for (int a = 0; a < accounts_count; ++a) expected[id(a).value] = initial_balance(a);
    for (const Transfer& transfer : accepted) {
        expected[transfer.source.value] = expected[transfer.source.value].checked_sub(transfer.amount).value();
        expected[transfer.target.value] = expected[transfer.target.value].checked_add(transfer.amount).value();
        auto stored = store_->find_transfer(transfer.id);
        ASSERT_TRUE(stored.ok() && stored->has_value()) << "no record for an accepted transfer";
        EXPECT_EQ((*stored)->amount, transfer.amount);
    }
    Money total_after;
    for (int a = 0; a < accounts_count; ++a) {
        const Money balance = balance_of(a);
        EXPECT_FALSE(balance.is_negative()) << "account " << a;
        EXPECT_EQ(balance, expected[id(a).value]) << "account " << a << " disagrees with its ledger";
        total_after = total_after.checked_add(balance).value();
    }
    EXPECT_EQ(total_after, total_before);
}

TEST_P(BankInvariants, OppositeTransfersOnOneHotPairNeitherDeadlockNorFail) {
    ASSERT_TRUE(accounts_->open_account({id(0), money("1000")}).ok());
    ASSERT_TRUE(accounts_->open_account({id(1), money("1000")}).ok());
    std::atomic<int> failures{0};
    auto client = [&](int source, int target) {
        for (int i = 0; i < 60; ++i) {
            if (!transfers_->transfer({id(source), id(target), money("1.5")}).ok()) ++failures;
        }
    };
    std::vector<std::thread> clients;
    for (int t = 0; t < 4; ++t) clients.emplace_back(client, t % 2, 1 - t % 2);
    for (auto& thread : clients) thread.join();
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(balance_of(0).to_string(), "1000");
    EXPECT_EQ(balance_of(1).to_string(), "1000");
}

INSTANTIATE_TEST_SUITE_P(Backends, BankInvariants, ::testing::Values("mariadb", "sqlite"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace transfers::testing

namespace transfers::testing {
namespace {

TEST_P(BankInvariants, ABatchWithMixedOutcomesCommitsOnlyItsGoodTransfers) {
    ASSERT_TRUE(accounts_->open_account({id(0), money("100")}).ok());
    ASSERT_TRUE(accounts_->open_account({id(1), money("0")}).ok());
    const std::vector<TransferCommand> commands{{id(0), id(1), money("60")},
                                                {id(0), id(1), money("50")},
                                                {id(1), id(0), money("0.000000000000000001")},
                                                {id(1), id(9), money("1")}};
    const BatchOutcome outcome = transfers_->commit_batch(commands);
    ASSERT_TRUE(outcome.results[0].ok());
    EXPECT_EQ(outcome.results[1].error().code, ErrorCode::insufficient_funds);
    ASSERT_TRUE(outcome.results[2].ok());
    EXPECT_EQ(outcome.results[3].error().code, ErrorCode::account_not_found);
    EXPECT_EQ(balance_of(0).to_string(), "40.000000000000000001");
    EXPECT_EQ(balance_of(1).to_string(), "59.999999999999999999");
    EXPECT_TRUE(store_->find_transfer(outcome.results[0]->id)->has_value());
    EXPECT_TRUE(store_->find_transfer(outcome.results[2]->id)->has_value());
}

TEST_P(BankInvariants, ConcurrentBatchesInOppositeDirectionsNeitherDeadlockNorLoseMoney) {
    constexpr int accounts = 40;
    for (int a = 0; a < accounts; ++a) ASSERT_TRUE(accounts_->open_account({id(a), money("1000")}).ok());
    std::atomic<int> failures{0};
    auto client = [&](bool upward) {
        for (int round = 0; round < 20; ++round) {
            std::vector<TransferCommand> batch;
            for (int a = 0; a < accounts; ++a) {
                const int next = (a + 1) % accounts;
                TransferCommand command{id(a), id(next), money("1.25")};
                if (!upward) std::swap(command.source, command.target);
                batch.push_back(command);
            }
            for (const auto& result : transfers_->commit_batch(batch).results) failures += result.ok() ? 0 : 1;
        }
    };
    std::vector<std::thread> clients;
    for (int t = 0; t < 4; ++t) clients.emplace_back(client, t % 2 == 0);
    for (auto& thread : clients) thread.join();
    EXPECT_EQ(failures.load(), 0);
    for (int a = 0; a < accounts; ++a) EXPECT_EQ(balance_of(a).to_string(), "1000") << a;
}

}  // namespace
}  // namespace transfers::testing
