// TransferServiceTest: a TransferService wired to the in-memory ledger, fixed clock and counting ids.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "app/transfer_service.hpp"
#include "test_support.hpp"
#include "unit/fakes/fake_clock.hpp"
#include "unit/fakes/fake_transfer_id_source.hpp"
#include "unit/fakes/in_memory_ledger_store.hpp"

namespace transfers::test {

using fakes::InMemoryLedgerStore;

class TransferServiceTest : public ::testing::Test {
protected:
    void open(std::int64_t id, std::string_view balance) {
        ASSERT_TRUE(store.insert_account(Account{AccountId{id}, money(balance), 0}).ok());
    }
    std::string balance_of(std::int64_t id) const { return store.account(AccountId{id})->balance.to_string(); }
    std::int64_t version_of(std::int64_t id) const { return store.account(AccountId{id})->version; }

    Result<Transfer, Error> transfer(std::int64_t source, std::int64_t target, std::string_view amount) {
        return service.transfer(TransferCommand{AccountId{source}, AccountId{target}, money(amount)});
    }

    InMemoryLedgerStore store;
    fakes::FakeClock clock;
    fakes::FakeTransferIdSource ids;
    NoBalanceCache cache;
    TransferService service{store, cache, clock, ids};
};

}  // namespace transfers::test
