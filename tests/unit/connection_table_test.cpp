// ConnectionTable: at the limit the connection idle the longest makes room for a newcomer; a
// busy connection is never closed for the limit, and with none idle the newcomer is refused.
#include "adapters/http/connection_table.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace transfers::http {
namespace {

// Admits connections that record, in `closed`, the order in which they are asked to close.
struct Table {
    explicit Table(std::size_t connections_max) : table(connections_max) {}

    std::optional<ConnectionTable::Id> admit(int name) {
        return table.admit([this, name] { closed.push_back(name); });
    }

    ConnectionTable table;
    std::vector<int> closed;
};

TEST(ConnectionTable, BelowTheLimitEveryConnectionIsAdmittedAndNoneClosed) {
    Table t(3);
    EXPECT_TRUE(t.admit(1));
    EXPECT_TRUE(t.admit(2));
    EXPECT_TRUE(t.admit(3));
    EXPECT_TRUE(t.closed.empty());
    EXPECT_EQ(t.table.counts().open, 3u);
    EXPECT_EQ(t.table.counts().idle, 3u);
}

TEST(ConnectionTable, AtTheLimitTheConnectionIdleTheLongestMakesRoom) {
    Table t(3);
    const auto first = t.admit(1);
    t.admit(2);
    t.admit(3);
    EXPECT_TRUE(t.admit(4));
    EXPECT_TRUE(t.admit(5));
    EXPECT_EQ(t.closed, (std::vector<int>{1, 2}));
    EXPECT_FALSE(t.table.mark_busy(*first)) << "a connection closed for the limit must not read on";
    const auto counts = t.table.counts();
    EXPECT_EQ(counts.open, 3u);
    EXPECT_EQ(counts.closed_idle_for_limit, 2u);
    EXPECT_EQ(counts.refused_for_limit, 0u);
}

TEST(ConnectionTable, AConnectionIdleAgainAfterARequestGoesToTheBackOfTheLine) {
    Table t(2);
    const auto first = t.admit(1);
    t.admit(2);
    ASSERT_TRUE(t.table.mark_busy(*first));
    t.table.mark_idle(*first);  // answered: idle since now, more recently than connection 2
    t.admit(3);
    EXPECT_EQ(t.closed, (std::vector<int>{2}));
}

TEST(ConnectionTable, ABusyConnectionIsNeverClosedForTheLimit) {
    Table t(2);
    const auto first = t.admit(1);
    t.admit(2);
    ASSERT_TRUE(t.table.mark_busy(*first));
    t.admit(3);
    EXPECT_EQ(t.closed, (std::vector<int>{2}));
}

TEST(ConnectionTable, WithNoneIdleTheNewcomerIsRefusedAndCounted) {
    Table t(2);
    ASSERT_TRUE(t.table.mark_busy(*t.admit(1)));
    ASSERT_TRUE(t.table.mark_busy(*t.admit(2)));
    EXPECT_FALSE(t.admit(3));
    EXPECT_TRUE(t.closed.empty());
    EXPECT_EQ(t.table.counts().refused_for_limit, 1u);
    EXPECT_EQ(t.table.counts().open, 2u);
}

TEST(ConnectionTable, ARemovedConnectionFreesItsPlace) {
    Table t(1);
    const auto first = t.admit(1);
    t.table.remove(*first);
    EXPECT_TRUE(t.admit(2));
    EXPECT_TRUE(t.closed.empty());
    t.table.remove(*first);  // twice: a no-op
    EXPECT_EQ(t.table.counts().open, 1u);
}

}  // namespace
}  // namespace transfers::http
