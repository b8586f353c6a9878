// AccountHolds: batches in flight never share an account, and each account keeps its order.
#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <utility>
#include <vector>

#include "app/account_holds.hpp"

namespace transfers {
namespace {

// A queued transfer reduced to what AccountHolds looks at, plus a name to follow it by.
struct Item {
    int name;
    std::int64_t source;
    std::int64_t target;
};

auto accounts_of = [](const Item& item) { return std::pair{AccountId{item.source}, AccountId{item.target}}; };

std::vector<int> names(const std::deque<Item>& items) {
    std::vector<int> out;
    for (const Item& item : items) out.push_back(item.name);
    return out;
}

std::vector<std::int64_t> sorted(std::vector<std::int64_t> ids) {
    std::sort(ids.begin(), ids.end());
    return ids;
}

constexpr std::size_t no_limit = 1000;

TEST(AccountHolds, WithNothingHeldTheWholeQueueGoesInOrderAndItsAccountsAreHeld) {
    AccountHolds holds;
    std::deque<Item> queue{{1, 1, 2}, {2, 2, 1}, {3, 3, 4}, {4, 1, 2}};
    auto batch = holds.take(queue, no_limit, no_limit, accounts_of);
    EXPECT_EQ(names(batch.items), (std::vector<int>{1, 2, 3, 4})) << "one batch may touch an account many times";
    EXPECT_TRUE(queue.empty());
    EXPECT_EQ(sorted(batch.accounts), (std::vector<std::int64_t>{1, 2, 3, 4})) << "each account once";
    for (std::int64_t id : {1, 2, 3, 4}) EXPECT_TRUE(holds.held(AccountId{id})) << id;
    EXPECT_FALSE(holds.held(AccountId{5}));
}

TEST(AccountHolds, ASecondBatchLeavesBehindWhatTouchesAHeldAccountAndTakesTheRest) {
    AccountHolds holds;
    std::deque<Item> first{{1, 1, 2}};
    auto in_flight = holds.take(first, no_limit, no_limit, accounts_of);
    std::deque<Item> queue{{2, 3, 4}, {3, 2, 5}, {4, 6, 7}, {5, 8, 1}};
    auto batch = holds.take(queue, no_limit, no_limit, accounts_of);
    EXPECT_EQ(names(batch.items), (std::vector<int>{2, 4}));
    EXPECT_EQ(names(queue), (std::vector<int>{3, 5})) << "left behind, in arrival order";
    EXPECT_FALSE(holds.held(AccountId{5})) << "an item left behind holds nothing";
}

TEST(AccountHolds, AnItemLeftBehindHoldsBackLaterItemsOnItsAccountsSoEachAccountKeepsItsOrder) {
    AccountHolds holds;
    std::deque<Item> first{{1, 1, 2}};
    auto in_flight = holds.take(first, no_limit, no_limit, accounts_of);
    // 2 waits for account 1; 3 shares account 5 with 2, so it must not overtake it; 4 shares
    // account 6 with 3 and waits as well; 5 is unrelated.
    std::deque<Item> queue{{2, 1, 5}, {3, 5, 6}, {4, 6, 7}, {5, 8, 9}};
    auto batch = holds.take(queue, no_limit, no_limit, accounts_of);
    EXPECT_EQ(names(batch.items), (std::vector<int>{5}));
    EXPECT_EQ(names(queue), (std::vector<int>{2, 3, 4}));
}

TEST(AccountHolds, ReleasedAccountsCanBeTakenAgain) {
    AccountHolds holds;
    std::deque<Item> first{{1, 1, 2}};
    auto in_flight = holds.take(first, no_limit, no_limit, accounts_of);
    std::deque<Item> queue{{2, 2, 1}};
    EXPECT_TRUE(holds.take(queue, no_limit, no_limit, accounts_of).items.empty());
    holds.release(in_flight.accounts);
    EXPECT_FALSE(holds.held(AccountId{1}));
    auto batch = holds.take(queue, no_limit, no_limit, accounts_of);
    EXPECT_EQ(names(batch.items), (std::vector<int>{2}));
}

TEST(AccountHolds, ABatchStopsAtItsSizeAndTheRestStaysQueuedInOrder) {
    AccountHolds holds;
    std::deque<Item> queue{{1, 1, 2}, {2, 3, 4}, {3, 5, 6}, {4, 7, 8}};
    auto batch = holds.take(queue, 2, no_limit, accounts_of);
    EXPECT_EQ(names(batch.items), (std::vector<int>{1, 2}));
    EXPECT_EQ(names(queue), (std::vector<int>{3, 4}));
    EXPECT_FALSE(holds.held(AccountId{5})) << "only what was taken is held";
}

TEST(AccountHolds, TheScanStopsAtItsBoundEvenWhenEverythingScannedMustWait) {
    AccountHolds holds;
    std::deque<Item> first{{1, 1, 2}};
    auto in_flight = holds.take(first, no_limit, no_limit, accounts_of);
    std::deque<Item> queue{{2, 1, 2}, {3, 1, 2}, {4, 3, 4}};
    auto batch = holds.take(queue, no_limit, 2, accounts_of);
    EXPECT_TRUE(batch.items.empty()) << "item 4 lies beyond the two items looked at";
    EXPECT_EQ(names(queue), (std::vector<int>{2, 3, 4}));
    batch = holds.take(queue, no_limit, 3, accounts_of);
    EXPECT_EQ(names(batch.items), (std::vector<int>{4}));
    EXPECT_EQ(names(queue), (std::vector<int>{2, 3}));
}

}  // namespace
}  // namespace transfers
