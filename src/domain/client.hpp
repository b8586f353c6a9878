// Client: a named caller of the API, what it may do, and how it proves who it is.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/account_ranges.hpp"
#include "domain/error.hpp"
#include "domain/result.hpp"
#include "domain/scope.hpp"
#include "domain/timestamp.hpp"

namespace transfers {

// The name written as `created_by` when the API is open (--auth off); no client may take it.
inline constexpr std::string_view anonymous_client_name = "anonymous";

struct Client {
    std::string name;  // unique forever: the audit trail names clients, so a name is never reused
    ScopeSet scopes;
    // The only accounts it may debit; absent: any account.
    std::optional<AccountRanges> debit_accounts;
    // The subject of a client certificate (RFC 2253 form) that identifies it under mutual TLS.
    std::optional<std::string> certificate_subject;
    Timestamp created_at;
    std::optional<Timestamp> revoked_at;

    bool may(Scope scope) const { return scopes.grants(scope); }
    bool may_debit(AccountId account) const { return !debit_accounts || debit_accounts->contains(account); }
    bool revoked() const { return revoked_at.has_value(); }
};

// A client as stored: with the SHA-256 digest of its token (hex), never the token itself.
struct ClientRecord {
    Client client;
    std::string token_digest;
};

// 1 to 64 characters from [A-Za-z0-9._-], starting with a letter or digit, and not "anonymous".
Result<void, Error> check_client_name(std::string_view name, std::string_view field);

}  // namespace transfers
