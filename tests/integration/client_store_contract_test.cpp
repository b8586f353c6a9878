// The ClientStore contract, and created_by in transfer records: every backend passes this same
// suite against a real server.
#include <gtest/gtest.h>

#include <random>

#include "adapters/system/uuid_v7_source.hpp"
#include "integration/store_backends.hpp"
#include "ports/client_store.hpp"

namespace transfers::testing {
namespace {

Timestamp instant(std::int64_t seconds, std::int64_t micros = 0) {
    return Timestamp{std::chrono::seconds(seconds)} + std::chrono::microseconds(micros);
}

// Names no other test or earlier run uses: tests share one database.
std::string fresh_name(const char* prefix) {
    static std::mt19937_64 random{std::random_device{}()};
    return std::string(prefix) + "-" + std::to_string(random() % 1'000'000'000'000);
}

class ClientStoreContract : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        ledger_ = open_backend(GetParam());
        ASSERT_NE(ledger_, nullptr);
        clients_ = dynamic_cast<ClientStore*>(ledger_.get());
        ASSERT_NE(clients_, nullptr) << "each ledger store keeps the clients too";
    }

    ClientRecord record(const std::string& name) {
        Client client{name, ScopeSet::of({Scope::transfers_write, Scope::accounts_read}),
                      AccountRanges::parse("1000-1999,2500", "x").value(), "CN=" + name + ",O=Acme",
                      instant(1'800'000'000, 123456), std::nullopt};
        // A digest is 64 hex characters; this one is unique per name (names are unique per run).
        return ClientRecord{client, (name + std::string(64, '0')).substr(0, 64)};
    }

    std::optional<ClientRecord> find(const std::string& name) {
        auto all = clients_->list_clients();
        EXPECT_TRUE(all.ok());
        if (!all.ok()) return std::nullopt;
        for (auto& item : *all) {
            if (item.client.name == name) return item;
        }
        return std::nullopt;
    }

    std::unique_ptr<LedgerStore> ledger_;
    ClientStore* clients_ = nullptr;
};

TEST_P(ClientStoreContract, KeepsEveryFieldOfAClientExactly) {
    const std::string name = fresh_name("full");
    const ClientRecord stored = record(name);
    auto inserted = clients_->insert_client(stored);
    ASSERT_TRUE(inserted.ok()) << inserted.error().message;
    const auto read = find(name);
    ASSERT_TRUE(read.has_value());
    EXPECT_EQ(read->token_digest, stored.token_digest);
    EXPECT_EQ(read->client.scopes, stored.client.scopes);
    EXPECT_EQ(read->client.debit_accounts, stored.client.debit_accounts);
    EXPECT_EQ(read->client.certificate_subject, stored.client.certificate_subject);
    EXPECT_EQ(read->client.created_at, stored.client.created_at);
    EXPECT_FALSE(read->client.revoked_at.has_value());
}

TEST_P(ClientStoreContract, KeepsAClientWithoutOptionalFields) {
    const std::string name = fresh_name("bare");
    ClientRecord bare = record(name);
    bare.client.debit_accounts.reset();
    bare.client.certificate_subject.reset();
    ASSERT_TRUE(clients_->insert_client(bare).ok());
    const auto read = find(name);
    ASSERT_TRUE(read.has_value());
    EXPECT_FALSE(read->client.debit_accounts.has_value());
    EXPECT_FALSE(read->client.certificate_subject.has_value());
}

TEST_P(ClientStoreContract, RefusesASecondClientWithTheNameOrTheTokenDigest) {
    const std::string name = fresh_name("dup");
    ASSERT_TRUE(clients_->insert_client(record(name)).ok());
    auto again = clients_->insert_client(record(name));
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().kind, StoreFailure::Kind::duplicate);
    ClientRecord same_digest = record(fresh_name("other"));
    same_digest.token_digest = record(name).token_digest;
    auto clash = clients_->insert_client(same_digest);
    ASSERT_FALSE(clash.ok());
    EXPECT_EQ(clash.error().kind, StoreFailure::Kind::duplicate);
}

TEST_P(ClientStoreContract, RevokingKeepsTheFirstTimeAndAnUnknownNameIsFalse) {
    const std::string name = fresh_name("revoked");
    ASSERT_TRUE(clients_->insert_client(record(name)).ok());
    auto revoked = clients_->revoke_client(name, instant(1'800'000'100, 5));
    ASSERT_TRUE(revoked.ok());
    EXPECT_TRUE(*revoked);
    auto again = clients_->revoke_client(name, instant(1'800'000'200));
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE(*again);
    EXPECT_EQ(find(name)->client.revoked_at, instant(1'800'000'100, 5));
    auto unknown = clients_->revoke_client(fresh_name("nobody"), instant(1'800'000'300));
    ASSERT_TRUE(unknown.ok());
    EXPECT_FALSE(*unknown);
}

TEST_P(ClientStoreContract, ATransferRecordKeepsTheClientThatCreatedIt) {
    const std::int64_t base = fresh_account_base();
    const AccountId source{base + 1}, target{base + 2};
    ASSERT_TRUE(ledger_->insert_account(Account{source, money("10"), 0}).ok());
    ASSERT_TRUE(ledger_->insert_account(Account{target, money("0"), 0}).ok());
    UuidV7Source ids;
    Transfer transfer{ids.next(), source, target, money("1"), instant(1'800'000'000), "payroll.batch-7"};
    ASSERT_TRUE(ledger_->transact([&](LedgerTransaction& tx) -> StoreResult<TransactionEnd> {
        if (auto inserted = tx.insert_transfers(std::span(&transfer, 1)); !inserted) return fail(inserted.error());
        return TransactionEnd::commit;
    }).ok());
    auto found = ledger_->find_transfer(transfer.id);
    ASSERT_TRUE(found.ok() && found->has_value());
    EXPECT_EQ((*found)->created_by, "payroll.batch-7");
    auto history = ledger_->list_transfers(target, std::nullopt, 10);
    ASSERT_TRUE(history.ok());
    ASSERT_EQ(history->size(), 1u);
    EXPECT_EQ(history->front().transfer.created_by, "payroll.batch-7");
}

INSTANTIATE_TEST_SUITE_P(Backends, ClientStoreContract, ::testing::Values("mariadb", "sqlite"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace transfers::testing
