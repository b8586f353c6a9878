// TransferService over the in-memory ledger: the money rules, and reading records back.
#include "app/transfer_service.hpp"

#include <gtest/gtest.h>

#include <string>

#include "transfer_service_fixture.hpp"

namespace transfers {
namespace {

using test::money;
using test::TransferServiceTest;

// ---------------------------------------------------------------------------------------------
// Success

TEST_F(TransferServiceTest, MovesTheAmountAndReturnsTheCommittedRecord) {
    open(1001, "500");
    open(2002, "0");

    auto done = transfer(1001, 2002, "150");

    ASSERT_TRUE(done.ok()) << done.error().detail;
    EXPECT_EQ(done->id.value, "00000000-0000-7000-8000-000000000001");
    EXPECT_EQ(done->source, AccountId{1001});
    EXPECT_EQ(done->target, AccountId{2002});
    EXPECT_EQ(done->amount.to_string(), "150");
    EXPECT_EQ(done->created_at, fakes::fixed_instant());
    EXPECT_EQ(balance_of(1001), "350");
    EXPECT_EQ(balance_of(2002), "150");
}

TEST_F(TransferServiceTest, StoresTheSameRecordItReturns) {
    open(1001, "500");
    open(2002, "0");

    auto done = transfer(1001, 2002, "150");

    ASSERT_TRUE(done.ok());
    const auto stored = store.transfers();
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_EQ(stored[0].id, done->id);
    EXPECT_EQ(stored[0].source, AccountId{1001});
    EXPECT_EQ(stored[0].target, AccountId{2002});
    EXPECT_EQ(stored[0].amount, money("150"));
    EXPECT_EQ(stored[0].created_at, fakes::fixed_instant());
}

TEST_F(TransferServiceTest, BumpsTheVersionOfBothAccounts) {
    open(1001, "500");
    open(2002, "0");

    ASSERT_TRUE(transfer(1001, 2002, "1").ok());
    ASSERT_TRUE(transfer(2002, 1001, "1").ok());

    EXPECT_EQ(version_of(1001), 2);
    EXPECT_EQ(version_of(2002), 2);
}

TEST_F(TransferServiceTest, MovesFractionsExactly) {
    open(1, "0.3");
    open(2, "0.1");

    ASSERT_TRUE(transfer(1, 2, "0.2").ok());
    ASSERT_TRUE(transfer(1, 2, "0.000000000000000001").ok());

    EXPECT_EQ(balance_of(1), "0.099999999999999999");
    EXPECT_EQ(balance_of(2), "0.300000000000000001");
}

TEST_F(TransferServiceTest, MovingTheWholeBalanceLeavesZero) {
    open(1, "12.5");
    open(2, "0");

    ASSERT_TRUE(transfer(1, 2, "12.5").ok());

    EXPECT_EQ(balance_of(1), "0");
    EXPECT_EQ(balance_of(2), "12.5");
}

TEST_F(TransferServiceTest, FromTheHigherIdToTheLowerWorksToo) {
    open(1, "0");
    open(2, "10");  // the fake fails the test if the accounts are not locked in ascending order

    ASSERT_TRUE(transfer(2, 1, "10").ok());

    EXPECT_EQ(balance_of(1), "10");
    EXPECT_EQ(balance_of(2), "0");
}

TEST_F(TransferServiceTest, EachTransferGetsANewId) {
    open(1, "10");
    open(2, "0");

    auto first = transfer(1, 2, "1");
    auto second = transfer(1, 2, "1");

    ASSERT_TRUE(first.ok() && second.ok());
    EXPECT_EQ(first->id.value, "00000000-0000-7000-8000-000000000001");
    EXPECT_EQ(second->id.value, "00000000-0000-7000-8000-000000000002");
}

TEST_F(TransferServiceTest, CanFillTheDestinationExactlyToTheLargestBalance) {
    open(1, "1");
    open(2, "99999999999999999999");

    ASSERT_TRUE(transfer(1, 2, "0.999999999999999999").ok());

    EXPECT_EQ(balance_of(1), "0.000000000000000001");
    EXPECT_EQ(balance_of(2), test::max_balance);
}

// ---------------------------------------------------------------------------------------------
// Refusals: each one leaves the ledger exactly as it was

TEST_F(TransferServiceTest, RefusesAnOverdraftWithInsufficientFunds) {
    open(1001, "100");
    open(2002, "0");
    const std::string before = store.dump();

    auto done = transfer(1001, 2002, "100.000000000000000001");

    ASSERT_FALSE(done.ok());
    EXPECT_EQ(done.error().code, ErrorCode::insufficient_funds);
    EXPECT_EQ(done.error().detail, "the source account balance is lower than the amount");
    EXPECT_EQ(store.dump(), before);
    EXPECT_EQ(store.commits(), 0);
}

TEST_F(TransferServiceTest, RefusesAMissingSourceNamingTheField) {
    open(2002, "0");
    const std::string before = store.dump();

    auto done = transfer(1001, 2002, "1");

    ASSERT_FALSE(done.ok());
    EXPECT_EQ(done.error().code, ErrorCode::account_not_found);
    EXPECT_EQ(done.error().detail, "source_account_id: account 1001 does not exist");
    EXPECT_EQ(store.dump(), before);
}

TEST_F(TransferServiceTest, RefusesAMissingDestinationNamingTheField) {
    open(1001, "500");
    const std::string before = store.dump();

    auto done = transfer(1001, 7, "1");

    ASSERT_FALSE(done.ok());
    EXPECT_EQ(done.error().code, ErrorCode::account_not_found);
    EXPECT_EQ(done.error().detail, "destination_account_id: account 7 does not exist");
    EXPECT_EQ(store.dump(), before);
}

TEST_F(TransferServiceTest, ReportsTheSourceWhenNeitherAccountExists) {
    auto done = transfer(1, 2, "1");

    ASSERT_FALSE(done.ok());
    EXPECT_EQ(done.error().code, ErrorCode::account_not_found);
    EXPECT_EQ(done.error().detail, "source_account_id: account 1 does not exist");
}

TEST_F(TransferServiceTest, RefusesTheSameAccountOnBothSidesWithoutTouchingTheStore) {
    open(1001, "500");

    auto done = transfer(1001, 1001, "1");

    ASSERT_FALSE(done.ok());
    EXPECT_EQ(done.error().code, ErrorCode::invalid_request);
    EXPECT_EQ(done.error().detail, "destination_account_id: must differ from source_account_id");
    EXPECT_EQ(store.work_runs(), 0);
    EXPECT_EQ(balance_of(1001), "500");
}

TEST_F(TransferServiceTest, RefusesAZeroAmount) {
    open(1, "500");
    open(2, "0");

    auto done = transfer(1, 2, "0");

    ASSERT_FALSE(done.ok());
    EXPECT_EQ(done.error().code, ErrorCode::invalid_request);
    EXPECT_EQ(done.error().detail, "amount: must be greater than zero");
    EXPECT_EQ(store.work_runs(), 0);
}

TEST_F(TransferServiceTest, RefusesANegativeAmountRatherThanPullingMoneyBackwards) {
    open(1, "500");
    open(2, "500");
    const std::string before = store.dump();

    auto done = transfer(1, 2, "-100");

    ASSERT_FALSE(done.ok());
    EXPECT_EQ(done.error().code, ErrorCode::invalid_request);
    EXPECT_EQ(done.error().detail, "amount: must be greater than zero");
    EXPECT_EQ(store.dump(), before);
}

TEST_F(TransferServiceTest, RefusesADestinationBalanceBeyondTheLargestWithBalanceOverflow) {
    open(1, "1");
    open(2, test::max_balance);
    const std::string before = store.dump();

    auto done = transfer(1, 2, "0.000000000000000001");

    ASSERT_FALSE(done.ok());
    EXPECT_EQ(done.error().code, ErrorCode::balance_overflow);
    EXPECT_EQ(done.error().detail, "the destination balance would exceed the largest balance an account can hold");
    EXPECT_EQ(store.dump(), before);
}

TEST_F(TransferServiceTest, ReportsInsufficientFundsBeforeOverflowWhenBothApply) {
    open(1, "1");
    open(2, test::max_balance);

    auto done = transfer(1, 2, "2");

    ASSERT_FALSE(done.ok());
    EXPECT_EQ(done.error().code, ErrorCode::insufficient_funds);
}

// ---------------------------------------------------------------------------------------------
// Reading a transfer

TEST_F(TransferServiceTest, GetTransferReturnsTheCommittedRecord) {
    open(1, "500");
    open(2, "0");
    auto done = transfer(1, 2, "0.5");
    ASSERT_TRUE(done.ok());

    auto found = service.get_transfer(done->id);

    ASSERT_TRUE(found.ok());
    EXPECT_EQ(found->id, done->id);
    EXPECT_EQ(found->source, AccountId{1});
    EXPECT_EQ(found->target, AccountId{2});
    EXPECT_EQ(found->amount.to_string(), "0.5");
    EXPECT_EQ(found->created_at, fakes::fixed_instant());
}

TEST_F(TransferServiceTest, GetTransferOfAnUnknownIdIsTransferNotFound) {
    auto found = service.get_transfer(TransferId{"00000000-0000-7000-8000-0000000000ff"});

    ASSERT_FALSE(found.ok());
    EXPECT_EQ(found.error().code, ErrorCode::transfer_not_found);
    EXPECT_EQ(found.error().detail, "transfer 00000000-0000-7000-8000-0000000000ff does not exist");
}

TEST_F(TransferServiceTest, GetTransferWithTheStoreDownIsUnavailableNotNotFound) {
    store.fail_next(fakes::InMemoryLedgerStore::Operation::find_transfer);

    auto found = service.get_transfer(TransferId{"00000000-0000-7000-8000-000000000001"});

    ASSERT_FALSE(found.ok());
    EXPECT_EQ(found.error().code, ErrorCode::unavailable);
}

}  // namespace
}  // namespace transfers
