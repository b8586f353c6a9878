#include <gtest/gtest.h>

#include "domain/scope.hpp"

namespace transfers {
namespace {

TEST(ScopeSet, ParsesCommaSeparatedNamesAndFormatsThemInAFixedOrder) {
    auto scopes = ScopeSet::parse("transfers:write,accounts:read", "scopes");
    ASSERT_TRUE(scopes.ok());
    EXPECT_TRUE(scopes->grants(Scope::transfers_write));
    EXPECT_TRUE(scopes->grants(Scope::accounts_read));
    EXPECT_FALSE(scopes->grants(Scope::accounts_write));
    EXPECT_FALSE(scopes->grants(Scope::transfers_read));
    EXPECT_FALSE(scopes->grants(Scope::admin));
    EXPECT_EQ(scopes->format(), "accounts:read,transfers:write");
}

TEST(ScopeSet, AdminGrantsEveryScope) {
    const ScopeSet admin = ScopeSet::of({Scope::admin});
    for (const Scope scope : {Scope::accounts_read, Scope::accounts_write, Scope::transfers_read,
                              Scope::transfers_write, Scope::admin}) {
        EXPECT_TRUE(admin.grants(scope)) << scope_name(scope);
    }
}

TEST(ScopeSet, RefusesUnknownRepeatedAndEmptyScopesNamingTheField) {
    for (const std::string_view bad : {"", "accounts:delete", "admin,admin", "accounts:read,", ",admin",
                                       "Accounts:Read", "accounts:read transfers:read"}) {
        auto scopes = ScopeSet::parse(bad, "--scopes");
        ASSERT_FALSE(scopes.ok()) << bad;
        EXPECT_EQ(scopes.error().code, ErrorCode::invalid_request);
        EXPECT_EQ(scopes.error().detail.rfind("--scopes: ", 0), 0u) << scopes.error().detail;
    }
}

TEST(ScopeSet, NamesRoundTrip) {
    for (const Scope scope : {Scope::accounts_read, Scope::accounts_write, Scope::transfers_read,
                              Scope::transfers_write, Scope::admin}) {
        EXPECT_EQ(scope_from_name(scope_name(scope)), scope);
    }
    EXPECT_EQ(scope_from_name("root"), std::nullopt);
}

}  // namespace
}  // namespace transfers
