// AccountService over the in-memory ledger: opening accounts and reading their balances.
#include "app/account_service.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "test_support.hpp"
#include "unit/fakes/fake_clock.hpp"
#include "unit/fakes/in_memory_ledger_store.hpp"

namespace transfers {
namespace {

using fakes::InMemoryLedgerStore;
using test::money;
using Operation = InMemoryLedgerStore::Operation;

class AccountServiceTest : public ::testing::Test {
protected:
    Result<Account, Error> open(std::int64_t id, std::string_view balance) {
        return service.open_account(OpenAccountCommand{AccountId{id}, money(balance)});
    }

    InMemoryLedgerStore store;
    fakes::FakeClock clock;
    AccountService service{store, clock};
};

// ---------------------------------------------------------------------------------------------
// Opening

TEST_F(AccountServiceTest, OpensAnAccountWithTheInitialBalanceAtVersionZero) {
    auto opened = open(1001, "500");

    ASSERT_TRUE(opened.ok());
    EXPECT_EQ(opened->id, AccountId{1001});
    EXPECT_EQ(opened->balance.to_string(), "500");
    EXPECT_EQ(opened->version, 0);
    const auto stored = store.account(AccountId{1001});
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->balance.to_string(), "500");
    EXPECT_EQ(stored->version, 0);
}

TEST_F(AccountServiceTest, OpensAnAccountWithAZeroBalance) {
    auto opened = open(1, "0");

    ASSERT_TRUE(opened.ok());
    EXPECT_EQ(store.account(AccountId{1})->balance.to_string(), "0");
}

TEST_F(AccountServiceTest, KeepsAFractionalInitialBalanceExactly) {
    ASSERT_TRUE(open(1, "0.000000000000000001").ok());
    ASSERT_TRUE(open(2, "12345678901234567890.123456789012345678").ok());

    EXPECT_EQ(store.account(AccountId{1})->balance.to_string(), "0.000000000000000001");
    EXPECT_EQ(store.account(AccountId{2})->balance.to_string(), "12345678901234567890.123456789012345678");
}

TEST_F(AccountServiceTest, OpensAnAccountWithTheLargestBalance) {
    ASSERT_TRUE(open(1, test::max_balance).ok());

    EXPECT_EQ(store.account(AccountId{1})->balance.to_string(), test::max_balance);
}

TEST_F(AccountServiceTest, RefusesANegativeInitialBalanceAndStoresNothing) {
    auto opened = open(1, "-0.01");

    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error().code, ErrorCode::invalid_request);
    EXPECT_EQ(opened.error().detail, "initial_balance: must not be negative");
    EXPECT_TRUE(store.accounts().empty());
}

TEST_F(AccountServiceTest, RefusesAnExistingIdWithAccountExistsAndKeepsTheFirstBalance) {
    ASSERT_TRUE(open(1001, "500").ok());

    auto again = open(1001, "7");

    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::account_exists);
    EXPECT_EQ(again.error().detail, "account 1001 already exists");
    EXPECT_EQ(store.account(AccountId{1001})->balance.to_string(), "500");
}

TEST_F(AccountServiceTest, OpeningWithTheStoreDownIsUnavailableAndStoresNothing) {
    store.fail_next(Operation::insert_account);

    auto opened = open(1, "500");

    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error().code, ErrorCode::unavailable);
    EXPECT_EQ(opened.error().detail, "the ledger database is unavailable: injected: connection refused");
    EXPECT_TRUE(store.accounts().empty());
}

TEST_F(AccountServiceTest, OpeningWorksAgainOnceTheStoreIsBack) {
    store.fail_next(Operation::insert_account);
    ASSERT_FALSE(open(1, "500").ok());

    EXPECT_TRUE(open(1, "500").ok());
}

// ---------------------------------------------------------------------------------------------
// Reading

TEST_F(AccountServiceTest, GetsTheStoredBalanceAndVersion) {
    ASSERT_TRUE(store.insert_account(Account{AccountId{1001}, money("350.25"), 4}).ok());

    auto found = service.get_account(AccountId{1001});

    ASSERT_TRUE(found.ok());
    EXPECT_EQ(found->id, AccountId{1001});
    EXPECT_EQ(found->balance.to_string(), "350.25");
    EXPECT_EQ(found->version, 4);
}

TEST_F(AccountServiceTest, GettingAnUnknownAccountIsAccountNotFound) {
    auto found = service.get_account(AccountId{404});

    ASSERT_FALSE(found.ok());
    EXPECT_EQ(found.error().code, ErrorCode::account_not_found);
    EXPECT_EQ(found.error().detail, "account 404 does not exist");
}

TEST_F(AccountServiceTest, GettingWithTheStoreDownIsUnavailableNotNotFound) {
    ASSERT_TRUE(open(1, "500").ok());
    store.fail_next(Operation::find_account);

    auto found = service.get_account(AccountId{1});

    ASSERT_FALSE(found.ok());
    EXPECT_EQ(found.error().code, ErrorCode::unavailable);
}

}  // namespace
}  // namespace transfers
