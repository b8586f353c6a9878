#include <gtest/gtest.h>

#include <cstdint>

#include "domain/account_ranges.hpp"

namespace transfers {
namespace {

AccountRanges parsed(std::string_view text) {
    auto ranges = AccountRanges::parse(text, "debit_accounts");
    EXPECT_TRUE(ranges.ok()) << text;
    return ranges.ok() ? *ranges : AccountRanges{};
}

TEST(AccountRanges, HoldsTheIdsAndRangesGivenAndNothingElse) {
    const AccountRanges ranges = parsed("1000-1999,2500");
    EXPECT_TRUE(ranges.contains(AccountId{1000}));
    EXPECT_TRUE(ranges.contains(AccountId{1500}));
    EXPECT_TRUE(ranges.contains(AccountId{1999}));
    EXPECT_TRUE(ranges.contains(AccountId{2500}));
    EXPECT_FALSE(ranges.contains(AccountId{999}));
    EXPECT_FALSE(ranges.contains(AccountId{2000}));
    EXPECT_FALSE(ranges.contains(AccountId{2499}));
    EXPECT_FALSE(ranges.contains(AccountId{2501}));
}

TEST(AccountRanges, MergesOverlappingAndAdjacentRangesIntoACanonicalForm) {
    EXPECT_EQ(parsed("5,1-3,4,10-20,15-30").format(), "1-5,10-30");
    EXPECT_EQ(parsed("7").format(), "7");
    EXPECT_EQ(parsed("9223372036854775806-9223372036854775807,1").format(), "1,9223372036854775806-9223372036854775807");
    EXPECT_TRUE(parsed("9223372036854775800-9223372036854775807").contains(AccountId{INT64_MAX}));
}

TEST(AccountRanges, RefusesWhatIsNotAListOfPositiveIdsAndRangesNamingTheField) {
    for (const std::string_view bad : {"", ",", "1,", ",1", "0", "-5", "1-", "-", "5-3", "a", "1-b", "1 - 2", " 1",
                                       "+1", "1.5", "9223372036854775808", "1,,2", "1-2-3"}) {
        auto ranges = AccountRanges::parse(bad, "debit_accounts");
        ASSERT_FALSE(ranges.ok()) << bad;
        EXPECT_EQ(ranges.error().detail.rfind("debit_accounts: ", 0), 0u) << ranges.error().detail;
    }
}

}  // namespace
}  // namespace transfers
