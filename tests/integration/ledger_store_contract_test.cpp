// The LedgerStore contract: every backend passes this same suite against a real server.
#include <gtest/gtest.h>

#include <array>
#include <map>
#include <optional>

#include "adapters/system/uuid_v7_source.hpp"
#include "integration/store_backends.hpp"

namespace transfers::testing {
namespace {

class LedgerStoreContract : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        store_ = open_backend(GetParam());
        ASSERT_NE(store_, nullptr);
        base_ = fresh_account_base();
    }

    AccountId id(int offset) const { return AccountId{base_ + offset}; }

    void open(int offset, const char* balance) {
        ASSERT_TRUE(store_->insert_account(Account{id(offset), money(balance), 0}).ok());
    }

    Account read(int offset) {
        auto found = store_->find_account(id(offset));
        EXPECT_TRUE(found.ok());
        EXPECT_TRUE(found.ok() && found->has_value());
        return found.ok() && found->has_value() ? **found : Account{};
    }

    // A fresh id each time: the database is shared with other tests and earlier runs.
    Transfer transfer_record(int source, int target, const char* amount) {
        const Timestamp at{std::chrono::sys_days{std::chrono::year{2026} / 11 / 25} +
                           std::chrono::microseconds{45296123456}};
        return Transfer{ids_.next(), id(source), id(target), money(amount), at};
    }

    UuidV7Source ids_;
    std::unique_ptr<LedgerStore> store_;
    std::int64_t base_ = 0;
};

TEST_P(LedgerStoreContract, StoresBalancesExactlyAtTheLimitsOfTheRange) {
    open(1, "99999999999999999999.999999999999999999");
    open(2, "0.000000000000000001");
    open(3, "0");
    EXPECT_EQ(read(1).balance.to_string(), "99999999999999999999.999999999999999999");
    EXPECT_EQ(read(2).balance.to_string(), "0.000000000000000001");
    EXPECT_EQ(read(3).balance.to_string(), "0");
    EXPECT_EQ(read(1).version, 0);
}

TEST_P(LedgerStoreContract, RefusesASecondAccountWithTheSameId) {
    open(1, "5");
    auto again = store_->insert_account(Account{id(1), money("7"), 0});
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().kind, StoreFailure::Kind::duplicate);
    EXPECT_EQ(read(1).balance.to_string(), "5");
}

TEST_P(LedgerStoreContract, FindsNothingForAnUnknownAccountOrTransfer) {
    auto account = store_->find_account(id(9));
    ASSERT_TRUE(account.ok());
    EXPECT_FALSE(account->has_value());
    auto transfer = store_->find_transfer(TransferId{"00000000-0000-7000-8000-000000000000"});
    ASSERT_TRUE(transfer.ok());
    EXPECT_FALSE(transfer->has_value());
}

TEST_P(LedgerStoreContract, LocksOnlyExistingAccountsAndAnswersInIdOrder) {
    open(1, "1");
    open(3, "3");
    std::vector<Account> locked;
    auto done = store_->transact([&](LedgerTransaction& transaction) -> StoreResult<TransactionEnd> {
        const std::array ids{id(1), id(2), id(3)};
        auto accounts = transaction.lock_accounts(ids);
        if (!accounts) return fail(accounts.error());
        locked = *accounts;
        return TransactionEnd::roll_back;
    });
    ASSERT_TRUE(done.ok());
    ASSERT_EQ(locked.size(), 2u);
    EXPECT_EQ(locked[0].id, id(1));
    EXPECT_EQ(locked[1].id, id(3));
    EXPECT_EQ(locked[1].balance.to_string(), "3");
}

TEST_P(LedgerStoreContract, CommitAppliesRelativeDeltasBumpsVersionsAndRecordsTransfers) {
    open(1, "10.5");
    open(2, "0");
    const Transfer record = transfer_record(1, 2, "0.25");
    auto done = store_->transact([&](LedgerTransaction& transaction) -> StoreResult<TransactionEnd> {
        const std::array deltas{BalanceDelta{id(1), money("-0.25")}, BalanceDelta{id(2), money("0.25")}};
        if (auto moved = transaction.add_to_balances(deltas); !moved) return fail(moved.error());
        if (auto recorded = transaction.insert_transfers({&record, 1}); !recorded) return fail(recorded.error());
        return TransactionEnd::commit;
    });
    ASSERT_TRUE(done.ok()) << done.error().message;
    EXPECT_EQ(read(1).balance.to_string(), "10.25");
    EXPECT_EQ(read(2).balance.to_string(), "0.25");
    EXPECT_EQ(read(1).version, 1);
    auto found = store_->find_transfer(record.id);
    ASSERT_TRUE(found.ok() && found->has_value());
    EXPECT_EQ((*found)->source, record.source);
    EXPECT_EQ((*found)->target, record.target);
    EXPECT_EQ((*found)->amount, record.amount);
    EXPECT_EQ(format_rfc3339((*found)->created_at), "2026-11-25T12:34:56.123456Z");
    auto committed = store_->transfer_committed(record.id);
    ASSERT_TRUE(committed.ok());
    EXPECT_TRUE(*committed);
}

// Large enough for several groups of MariaDB's grouped CASE and for padding (300 is not a
// power of two), given out of id order, with ids spaced so that a row matched in the wrong
// group would find no delta.
TEST_P(LedgerStoreContract, ALargeUpdateGivesEveryAccountItsOwnDelta) {
    constexpr int accounts = 300;
    for (int i = 1; i <= accounts; ++i) open(3 * i, "1000");
    std::vector<BalanceDelta> deltas;
    for (int i = accounts; i >= 1; --i) {
        const std::string amount = std::to_string(i) + ".5";
        deltas.push_back(BalanceDelta{id(3 * i), i % 2 == 0 ? money(amount.c_str()) : money(("-" + amount).c_str())});
    }
    auto done = store_->transact([&](LedgerTransaction& transaction) -> StoreResult<TransactionEnd> {
        if (auto moved = transaction.add_to_balances(deltas); !moved) return fail(moved.error());
        return TransactionEnd::commit;
    });
    ASSERT_TRUE(done.ok()) << done.error().message;
    for (int i = 1; i <= accounts; ++i) {
        const Account account = read(3 * i);
        const std::string expected = std::to_string(i % 2 == 0 ? 1000 + i : 1000 - i - 1) + ".5";
        EXPECT_EQ(account.balance.to_string(), expected) << "account " << 3 * i;
        EXPECT_EQ(account.version, 1) << "account " << 3 * i;
    }
}

TEST_P(LedgerStoreContract, RollBackLeavesNothingBehind) {
    open(1, "10");
    open(2, "0");
    const Transfer record = transfer_record(1, 2, "4");
    auto done = store_->transact([&](LedgerTransaction& transaction) -> StoreResult<TransactionEnd> {
        const std::array deltas{BalanceDelta{id(1), money("-4")}, BalanceDelta{id(2), money("4")}};
        if (auto moved = transaction.add_to_balances(deltas); !moved) return fail(moved.error());
        if (auto recorded = transaction.insert_transfers({&record, 1}); !recorded) return fail(recorded.error());
        return TransactionEnd::roll_back;
    });
    ASSERT_TRUE(done.ok());
    EXPECT_EQ(read(1).balance.to_string(), "10");
    EXPECT_EQ(read(2).balance.to_string(), "0");
    EXPECT_EQ(read(1).version, 0);
    auto committed = store_->transfer_committed(record.id);
    ASSERT_TRUE(committed.ok());
    EXPECT_FALSE(*committed);
}

TEST_P(LedgerStoreContract, WorkThatFailsHalfwayLeavesNothingBehind) {
    open(1, "10");
    auto done = store_->transact([&](LedgerTransaction& transaction) -> StoreResult<TransactionEnd> {
        const std::array deltas{BalanceDelta{id(1), money("-4")}};
        if (auto moved = transaction.add_to_balances(deltas); !moved) return fail(moved.error());
        return fail(StoreFailure{StoreFailure::Kind::unavailable, "the work gave up"});
    });
    ASSERT_FALSE(done.ok());
    EXPECT_EQ(done.error().message, "the work gave up");
    EXPECT_EQ(read(1).balance.to_string(), "10");
}

TEST_P(LedgerStoreContract, TheDatabaseItselfRefusesANegativeBalance) {
    open(1, "3");
    auto done = store_->transact([&](LedgerTransaction& transaction) -> StoreResult<TransactionEnd> {
        const std::array deltas{BalanceDelta{id(1), money("-3.000000000000000001")}};
        if (auto moved = transaction.add_to_balances(deltas); !moved) return fail(moved.error());
        return TransactionEnd::commit;
    });
    EXPECT_FALSE(done.ok());
    EXPECT_EQ(read(1).balance.to_string(), "3");
}

TEST_P(LedgerStoreContract, ATransferRecordIdIsUnique) {
    open(1, "10");
    open(2, "0");
    const Transfer record = transfer_record(1, 2, "1");
    auto insert_once = [&](LedgerTransaction& transaction) -> StoreResult<TransactionEnd> {
        if (auto recorded = transaction.insert_transfers({&record, 1}); !recorded) return fail(recorded.error());
        return TransactionEnd::commit;
    };
    ASSERT_TRUE(store_->transact(insert_once).ok());
    EXPECT_FALSE(store_->transact(insert_once).ok());
}

// The repairs of this test's accounts (the database is shared with other tests).
std::map<std::int64_t, std::int64_t> repairs_among(LedgerStore& store, std::int64_t first, std::int64_t last) {
    std::map<std::int64_t, std::int64_t> found;
    auto repairs = store.cache_repairs(1'000'000);
    EXPECT_TRUE(repairs.ok());
    if (!repairs.ok()) return found;
    for (const CacheRepair& repair : *repairs) {
        if (repair.account.value >= first && repair.account.value <= last) found[repair.account.value] = repair.version;
    }
    return found;
}

TEST_P(LedgerStoreContract, CacheRepairsExistExactlyWhenTheirCommitDoesAndKeepTheHigherVersion) {
    auto record = [&](std::vector<CacheRepair> repairs, TransactionEnd end) {
        ASSERT_TRUE(store_->transact([&](LedgerTransaction& transaction) -> StoreResult<TransactionEnd> {
            if (auto recorded = transaction.record_cache_repairs(repairs); !recorded) return fail(recorded.error());
            return end;
        }).ok());
    };
    record({{id(1), 4}, {id(2), 1}}, TransactionEnd::roll_back);
    EXPECT_TRUE(repairs_among(*store_, id(1).value, id(3).value).empty()) << "a rolled-back repair stayed";
    record({{id(1), 4}, {id(2), 1}}, TransactionEnd::commit);
    record({{id(1), 3}, {id(3), 7}}, TransactionEnd::commit);  // an older version of 1 changes nothing
    const std::map<std::int64_t, std::int64_t> expected{{id(1).value, 4}, {id(2).value, 1}, {id(3).value, 7}};
    EXPECT_EQ(repairs_among(*store_, id(1).value, id(3).value), expected);
    // A repair done at version 3 does not cover version 4, recorded meanwhile; the others go.
    const CacheRepair done[] = {{id(1), 3}, {id(2), 1}, {id(3), 7}};
    ASSERT_TRUE(store_->forget_cache_repairs(done).ok());
    const std::map<std::int64_t, std::int64_t> left{{id(1).value, 4}};
    EXPECT_EQ(repairs_among(*store_, id(1).value, id(3).value), left);
    const CacheRepair rest[] = {{id(1), 4}};
    ASSERT_TRUE(store_->forget_cache_repairs(rest).ok());
    EXPECT_TRUE(repairs_among(*store_, id(1).value, id(3).value).empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, LedgerStoreContract, ::testing::Values("mariadb", "sqlite"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace transfers::testing

namespace transfers::testing {
namespace {

class LedgerStoreHistoryContract : public LedgerStoreContract {
protected:
    // Commits one transfer per call, in call order.
    Transfer commit_transfer(int source, int target, const char* amount) {
        const Transfer record = transfer_record(source, target, amount);
        auto done = store_->transact([&](LedgerTransaction& transaction) -> StoreResult<TransactionEnd> {
            const std::array deltas{BalanceDelta{id(source), money(amount).negated()}, BalanceDelta{id(target), money(amount)}};
            if (auto moved = transaction.add_to_balances(deltas); !moved) return fail(moved.error());
            if (auto recorded = transaction.insert_transfers({&record, 1}); !recorded) return fail(recorded.error());
            return TransactionEnd::commit;
        });
        EXPECT_TRUE(done.ok());
        return record;
    }
};

TEST_P(LedgerStoreHistoryContract, ListsAnAccountsTransfersBothWaysNewestFirstAndPagesBySequence) {
    open(1, "100");
    open(2, "100");
    open(3, "100");
    const Transfer first = commit_transfer(1, 2, "1");
    commit_transfer(2, 3, "2");  // not account 1's
    const Transfer third = commit_transfer(3, 1, "3");
    const Transfer fourth = commit_transfer(1, 3, "4");
    auto all = store_->list_transfers(id(1), std::nullopt, 10);
    ASSERT_TRUE(all.ok());
    ASSERT_EQ(all->size(), 3u);
    EXPECT_EQ((*all)[0].transfer.id, fourth.id);
    EXPECT_EQ((*all)[1].transfer.id, third.id);
    EXPECT_EQ((*all)[2].transfer.id, first.id);
    EXPECT_GT((*all)[0].sequence, (*all)[1].sequence);
    auto page = store_->list_transfers(id(1), (*all)[0].sequence, 1);
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->size(), 1u);
    EXPECT_EQ(page->front().transfer.id, third.id);
    EXPECT_EQ(page->front().transfer.amount.to_string(), "3");
}

TEST_P(LedgerStoreHistoryContract, RemembersIdempotencyRecordsWithTheirOutcomeAndPurgesOnlyOldOnes) {
    const Timestamp long_ago{std::chrono::sys_days{std::chrono::year{2020} / 1 / 1}};
    const Timestamp now = std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
    const std::string tag = std::to_string(base_);
    const IdempotencyRecord committed{{"transfers", "a-" + tag}, "1>2:5", ids_.next(), std::nullopt, now};
    const IdempotencyRecord refused{{"transfers", "b-" + tag}, "1>2:9", std::nullopt,
                                    Error{ErrorCode::insufficient_funds, "too low"}, long_ago};
    auto stored = store_->transact([&](LedgerTransaction& transaction) -> StoreResult<TransactionEnd> {
        const std::array records{committed, refused};
        if (auto kept = transaction.insert_idempotency_records(records); !kept) return fail(kept.error());
        return TransactionEnd::commit;
    });
    ASSERT_TRUE(stored.ok()) << stored.error().message;
    std::vector<IdempotencyRecord> found;
    auto read = store_->transact([&](LedgerTransaction& transaction) -> StoreResult<TransactionEnd> {
        const std::array keys{committed.key, refused.key, IdempotencyKey{"transfers", "c-" + tag}};
        auto records = transaction.lock_idempotency_records(keys);
        if (!records) return fail(records.error());
        found = *records;
        return TransactionEnd::roll_back;
    });
    ASSERT_TRUE(read.ok());
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(found[0].fingerprint, "1>2:5");
    EXPECT_EQ(found[0].transfer, committed.transfer);
    EXPECT_FALSE(found[0].refusal.has_value());
    ASSERT_TRUE(found[1].refusal.has_value());
    EXPECT_EQ(found[1].refusal->code, ErrorCode::insufficient_funds);
    EXPECT_EQ(found[1].refusal->detail, "too low");
    auto purged = store_->purge_idempotency_records(long_ago + std::chrono::hours(1), 1000);
    ASSERT_TRUE(purged.ok());
    EXPECT_GE(*purged, 1u);
    std::size_t left = 0;
    ASSERT_TRUE(store_->transact([&](LedgerTransaction& transaction) -> StoreResult<TransactionEnd> {
        const std::array keys{committed.key, refused.key};
        auto records = transaction.lock_idempotency_records(keys);
        if (!records) return fail(records.error());
        left = records->size();
        return TransactionEnd::roll_back;
    }).ok());
    EXPECT_EQ(left, 1u);
}

TEST_P(LedgerStoreHistoryContract, InsertingAnExistingAccountInsideATransactionIsADuplicateAndTheRestCommits) {
    open(1, "5");
    auto done = store_->transact([&](LedgerTransaction& transaction) -> StoreResult<TransactionEnd> {
        auto again = transaction.insert_account(Account{id(1), money("9"), 0});
        EXPECT_FALSE(again.ok());
        EXPECT_EQ(again.error().kind, StoreFailure::Kind::duplicate);
        if (auto fresh = transaction.insert_account(Account{id(2), money("7"), 0}); !fresh) return fail(fresh.error());
        return TransactionEnd::commit;
    });
    ASSERT_TRUE(done.ok()) << done.error().message;
    EXPECT_EQ(read(1).balance.to_string(), "5");
    EXPECT_EQ(read(2).balance.to_string(), "7");
}

INSTANTIATE_TEST_SUITE_P(Backends, LedgerStoreHistoryContract, ::testing::Values("mariadb", "sqlite"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace transfers::testing
