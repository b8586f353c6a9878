#include <gtest/gtest.h>

#include "app/client_directory.hpp"
#include "app/client_service.hpp"
#include "unit/fakes/fake_clock.hpp"
#include "unit/fakes/fake_token_authority.hpp"
#include "unit/fakes/in_memory_client_store.hpp"

namespace transfers {
namespace {

class ClientServiceTest : public ::testing::Test {
protected:
    CreatedClient create(std::string name, ScopeSet scopes = ScopeSet::of({Scope::transfers_write})) {
        auto created = clients.create(NewClient{std::move(name), scopes});
        EXPECT_TRUE(created.ok());
        return created.ok() ? *created : CreatedClient{};
    }

    fakes::InMemoryClientStore store;
    fakes::FakeTokenAuthority tokens;
    fakes::FakeClock clock;
    ClientDirectory directory{store, tokens};
    ClientService clients{store, tokens, clock, &directory};
};

TEST_F(ClientServiceTest, ACreatedClientIsKnownByItsTokenAtOnceAndItsTokenIsNotStored) {
    const CreatedClient payroll = create("payroll");
    EXPECT_EQ(payroll.token, "token-1");
    const auto found = directory.by_token(payroll.token);
    ASSERT_NE(found, nullptr);
    EXPECT_EQ(found->name, "payroll");
    auto stored = store.list_clients();
    ASSERT_TRUE(stored.ok());
    ASSERT_EQ(stored->size(), 1u);
    EXPECT_EQ(stored->front().token_digest, "digest-of-token-1");
    EXPECT_EQ(directory.by_token("token-2"), nullptr);
    EXPECT_EQ(directory.by_token(""), nullptr);
}

TEST_F(ClientServiceTest, NamesAreUniqueForeverEvenAfterRevocation) {
    create("payroll");
    ASSERT_TRUE(clients.revoke("payroll").ok());
    auto again = clients.create(NewClient{"payroll", ScopeSet::of({Scope::accounts_read})});
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::client_exists);
}

TEST_F(ClientServiceTest, RefusesBadNamesAndNoScopes) {
    for (const std::string& bad : std::vector<std::string>{"", "anonymous", "-lead", "pay roll", "pay/roll", std::string(65, 'a')}) {
        auto created = clients.create(NewClient{bad, ScopeSet::of({Scope::admin})});
        ASSERT_FALSE(created.ok()) << bad;
        EXPECT_EQ(created.error().code, ErrorCode::invalid_request);
        EXPECT_EQ(created.error().detail.rfind("name: ", 0), 0u);
    }
    auto no_scope = clients.create(NewClient{"x", ScopeSet{}});
    ASSERT_FALSE(no_scope.ok());
    EXPECT_EQ(no_scope.error().code, ErrorCode::invalid_request);
    auto listed = clients.list();
    ASSERT_TRUE(listed.ok());
    EXPECT_TRUE(listed->empty());
}

TEST_F(ClientServiceTest, RevokingStopsTheTokenOnTheNextReloadEverywhereAndAtOnceHere) {
    const CreatedClient payroll = create("payroll");
    ClientDirectory other_instance(store, tokens);
    ASSERT_TRUE(other_instance.reload().ok());
    ASSERT_NE(other_instance.by_token(payroll.token), nullptr);

    clock.set(Timestamp{std::chrono::seconds(1'800'000'000)});
    auto revoked = clients.revoke("payroll");
    ASSERT_TRUE(revoked.ok());
    EXPECT_EQ(revoked->revoked_at, Timestamp{std::chrono::seconds(1'800'000'000)});
    EXPECT_EQ(directory.by_token(payroll.token), nullptr);
    EXPECT_NE(other_instance.by_token(payroll.token), nullptr);  // until its next reload
    ASSERT_TRUE(other_instance.reload().ok());
    EXPECT_EQ(other_instance.by_token(payroll.token), nullptr);
    EXPECT_EQ(other_instance.clients_known(), 1u);
}

TEST_F(ClientServiceTest, RevokingTwiceKeepsTheFirstTimeAndAnUnknownNameIsNotFound) {
    create("payroll");
    clock.set(Timestamp{std::chrono::seconds(100)});
    ASSERT_TRUE(clients.revoke("payroll").ok());
    clock.set(Timestamp{std::chrono::seconds(200)});
    auto again = clients.revoke("payroll");
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->revoked_at, Timestamp{std::chrono::seconds(100)});
    auto unknown = clients.revoke("nobody");
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().code, ErrorCode::client_not_found);
}

TEST_F(ClientServiceTest, TheFirstAdminIsCreatedOnlyWhenNoClientExists) {
    auto first = clients.create_first_admin();
    ASSERT_TRUE(first.ok());
    ASSERT_TRUE(first->has_value());
    EXPECT_EQ((*first)->client.name, "admin");
    EXPECT_TRUE((*first)->client.may(Scope::admin));
    auto second = clients.create_first_admin();
    ASSERT_TRUE(second.ok());
    EXPECT_FALSE(second->has_value());
}

TEST_F(ClientServiceTest, NoFirstAdminWhenOnlyRevokedClientsExist) {
    create("old");
    ASSERT_TRUE(clients.revoke("old").ok());
    auto first = clients.create_first_admin();
    ASSERT_TRUE(first.ok());
    EXPECT_FALSE(first->has_value());
}

TEST_F(ClientServiceTest, AStoreOutageIsUnavailableAndTheDirectoryKeepsServingTheLastClients) {
    const CreatedClient payroll = create("payroll");
    ASSERT_TRUE(directory.reload().ok());
    store.set_down(true);
    EXPECT_FALSE(directory.reload().ok());
    EXPECT_NE(directory.by_token(payroll.token), nullptr);
    auto created = clients.create(NewClient{"other", ScopeSet::of({Scope::admin})});
    ASSERT_FALSE(created.ok());
    EXPECT_EQ(created.error().code, ErrorCode::unavailable);
}

TEST_F(ClientServiceTest, AClientBoundToACertificateSubjectIsFoundByIt) {
    const NewClient wanted{"payroll", ScopeSet::of({Scope::transfers_write}), std::nullopt,
                           std::string("CN=payroll,O=Acme")};
    ASSERT_TRUE(clients.create(wanted).ok());
    const auto found = directory.by_certificate_subject("CN=payroll,O=Acme");
    ASSERT_NE(found, nullptr);
    EXPECT_EQ(found->name, "payroll");
    EXPECT_EQ(directory.by_certificate_subject("CN=payroll"), nullptr);
    ASSERT_TRUE(clients.revoke("payroll").ok());
    EXPECT_EQ(directory.by_certificate_subject("CN=payroll,O=Acme"), nullptr);
}

}  // namespace
}  // namespace transfers
