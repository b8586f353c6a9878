// ClientService: creating, listing and revoking the API's clients, for the command line and for
// admin clients over HTTP alike.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/client_directory.hpp"
#include "domain/client.hpp"
#include "ports/client_store.hpp"
#include "ports/clock.hpp"
#include "ports/token_authority.hpp"

namespace transfers {

struct NewClient {
    std::string name;
    ScopeSet scopes;
    std::optional<AccountRanges> debit_accounts = std::nullopt;
    std::optional<std::string> certificate_subject = std::nullopt;
};

// The client as created, and its token: shown this once, stored only as a digest.
struct CreatedClient {
    Client client;
    std::string token;
};

// Stateless apart from its references; safe to call from any thread. Blocking.
class ClientService {
public:
    // `directory` (optional) learns of clients created here at once.
    ClientService(ClientStore& store, TokenAuthority& tokens, Clock& clock, ClientDirectory* directory = nullptr)
        : store_(store), tokens_(tokens), clock_(clock), directory_(directory) {}

    // Refuses a bad name, no scope, or a name taken now or before (409 client_exists).
    Result<CreatedClient, Error> create(const NewClient& wanted);
    Result<std::vector<Client>, Error> list();
    // The client as revoked; revoking a revoked client changes nothing and answers it again.
    Result<Client, Error> revoke(const std::string& name);
    // With no client at all, creates `admin` with the admin scope and answers its token; with
    // any client (revoked ones included) does nothing. Two instances starting at once on an
    // empty database: one creates it, the other answers nothing.
    Result<std::optional<CreatedClient>, Error> create_first_admin();

private:
    ClientStore& store_;
    TokenAuthority& tokens_;
    Clock& clock_;
    ClientDirectory* directory_;
};

// The name of the client the first start creates.
inline constexpr std::string_view first_admin_name = "admin";

}  // namespace transfers
