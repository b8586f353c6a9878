// CacheRepairer: accounts committed without their cache marks are marked by whichever instance
// runs next, and forgotten only once the marks are in the cache.
#include "app/cache_repairer.hpp"

#include <gtest/gtest.h>

#include <map>
#include <vector>

#include "unit/fakes/in_memory_ledger_store.hpp"
#include "unit/fakes/recording_balance_cache.hpp"

namespace transfers {
namespace {

class CacheRepairerTest : public ::testing::Test {
protected:
    void record(std::vector<CacheRepair> repairs) {
        ASSERT_TRUE(store.transact([&](LedgerTransaction& transaction) -> StoreResult<TransactionEnd> {
            if (auto recorded = transaction.record_cache_repairs(repairs); !recorded) return fail(recorded.error());
            return TransactionEnd::commit;
        }).ok());
    }

    fakes::InMemoryLedgerStore store;
    fakes::RecordingBalanceCache cache;
    CacheRepairer repairer{store, cache};
};

TEST_F(CacheRepairerTest, MarksEachRecordedAccountAtItsVersionThenForgetsIt) {
    record({{AccountId{3}, 5}, {AccountId{4}, 2}});
    auto repaired = repairer.repair_recorded();
    ASSERT_TRUE(repaired.ok());
    EXPECT_EQ(*repaired, 2u);
    const std::map<std::int64_t, std::int64_t> marked{{3, 5}, {4, 2}};
    EXPECT_EQ(cache.pending, marked);
    EXPECT_TRUE(store.recorded_cache_repairs().empty());
}

TEST_F(CacheRepairerTest, KeepsTheRepairsWhenTheMarksFailAgain) {
    record({{AccountId{3}, 5}});
    cache.marks_fail = true;
    auto repaired = repairer.repair_recorded();
    ASSERT_TRUE(repaired.ok());
    EXPECT_EQ(*repaired, 0u);
    EXPECT_EQ(store.recorded_cache_repairs().size(), 1u) << "forgotten although not marked";
}

TEST_F(CacheRepairerTest, WaitsWhileTheCacheIsBypassed) {
    record({{AccountId{3}, 5}});
    cache.bypassed = true;
    auto repaired = repairer.repair_recorded();
    ASSERT_TRUE(repaired.ok());
    EXPECT_EQ(*repaired, 0u);
    EXPECT_EQ(cache.mark_calls, 0);
    EXPECT_EQ(store.recorded_cache_repairs().size(), 1u);
}

TEST_F(CacheRepairerTest, NothingRecordedCostsNoCacheCall) {
    auto repaired = repairer.repair_recorded();
    ASSERT_TRUE(repaired.ok());
    EXPECT_EQ(*repaired, 0u);
    EXPECT_EQ(cache.mark_calls, 0);
}

}  // namespace
}  // namespace transfers
