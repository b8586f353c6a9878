// BatchLedger: transfers applied in arrival order against the locked accounts, each on its own.
#include "domain/batch_ledger.hpp"

#include <gtest/gtest.h>

#include "unit/test_support.hpp"

namespace transfers {
namespace {

using test::money;

BatchLedger ledger_of_three() {
    return BatchLedger({Account{AccountId{1}, money("100"), 4}, Account{AccountId{2}, money("0"), 0},
                        Account{AccountId{3}, money("5.5"), 9}});
}

TEST(BatchLedger, AppliesTransfersInArrivalOrderSoALaterOneCanSpendAnEarlierCredit) {
    BatchLedger ledger = ledger_of_three();
    EXPECT_FALSE(ledger.apply(AccountId{2}, AccountId{3}, money("1")).ok()) << "2 holds nothing yet";
    ASSERT_TRUE(ledger.apply(AccountId{1}, AccountId{2}, money("60")).ok());
    ASSERT_TRUE(ledger.apply(AccountId{2}, AccountId{3}, money("60")).ok()) << "now 2 holds 60";
    const auto after = ledger.accounts_after();
    ASSERT_EQ(after.size(), 2u) << "account 2 ends where it began and is not written";
    EXPECT_EQ(after[0].balance.to_string(), "40");
    EXPECT_EQ(after[0].version, 5);
    EXPECT_EQ(after[1].balance.to_string(), "65.5");
    EXPECT_EQ(after[1].version, 10);
}

TEST(BatchLedger, AnOverdraftFailsAloneAndLeavesTheBalancesAsTheyWere) {
    BatchLedger ledger = ledger_of_three();
    ASSERT_TRUE(ledger.apply(AccountId{1}, AccountId{2}, money("99.5")).ok());
    auto refused = ledger.apply(AccountId{1}, AccountId{3}, money("0.500000000000000001"));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::insufficient_funds);
    ASSERT_TRUE(ledger.apply(AccountId{1}, AccountId{3}, money("0.5")).ok()) << "exactly the rest is fine";
    const auto deltas = ledger.net_deltas();
    ASSERT_EQ(deltas.size(), 3u);
    EXPECT_EQ(deltas[0].delta.to_string(), "-100");
    EXPECT_EQ(deltas[1].delta.to_string(), "99.5");
    EXPECT_EQ(deltas[2].delta.to_string(), "0.5");
}

TEST(BatchLedger, AnAccountThatWasNotLockedIsNotFoundNamingTheField) {
    BatchLedger ledger = ledger_of_three();
    auto missing_source = ledger.apply(AccountId{8}, AccountId{1}, money("1"));
    auto missing_target = ledger.apply(AccountId{1}, AccountId{9}, money("1"));
    EXPECT_EQ(missing_source.error().code, ErrorCode::account_not_found);
    EXPECT_EQ(missing_source.error().detail, "source_account_id: account 8 does not exist");
    EXPECT_EQ(missing_target.error().detail, "destination_account_id: account 9 does not exist");
    EXPECT_TRUE(ledger.net_deltas().empty());
}

TEST(BatchLedger, OppositeTransfersOnOnePairNetOutToOneDeltaEach) {
    BatchLedger ledger = ledger_of_three();
    for (int i = 0; i < 10; ++i) {
        ASSERT_TRUE(ledger.apply(AccountId{1}, AccountId{3}, money("7")).ok());
        ASSERT_TRUE(ledger.apply(AccountId{3}, AccountId{1}, money("2")).ok());
    }
    const auto deltas = ledger.net_deltas();
    ASSERT_EQ(deltas.size(), 2u);
    EXPECT_EQ(deltas[0].delta.to_string(), "-50");
    EXPECT_EQ(deltas[1].delta.to_string(), "50");
}

TEST(BatchLedger, ACreditPastTheLargestBalanceIsRefusedNotWrapped) {
    BatchLedger ledger({Account{AccountId{1}, money("1"), 0},
                        Account{AccountId{2}, money("99999999999999999999.999999999999999999"), 0}});
    auto refused = ledger.apply(AccountId{1}, AccountId{2}, money("0.000000000000000001"));
    EXPECT_EQ(refused.error().code, ErrorCode::balance_overflow);
    EXPECT_TRUE(ledger.accounts_after().empty());
}

}  // namespace
}  // namespace transfers
