#include "clients_command.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>

#include "adapters/system/openssl_token_authority.hpp"
#include "adapters/system/system_clock.hpp"
#include "app/client_service.hpp"
#include "opened_store.hpp"

namespace transfers {
namespace {

constexpr int exit_refused = 1;
constexpr int exit_usage = 2;
// One connection is enough for one command; the second covers a reconnect.
constexpr std::size_t connections_clients_command = 2;

int refuse(const Error& error) {
    std::fprintf(stderr, "transfers: %s\n", error.detail.c_str());
    return error.code == ErrorCode::invalid_request ? exit_usage : exit_refused;
}

Result<NewClient, Error> new_client(const cli::ClientsCommand& command) {
    auto scopes = ScopeSet::parse(command.scopes, "--scopes");
    if (!scopes) return fail(scopes.error());
    NewClient wanted{command.name, *scopes};
    if (command.debit_accounts) {
        auto ranges = AccountRanges::parse(*command.debit_accounts, "--debit-accounts");
        if (!ranges) return fail(ranges.error());
        wanted.debit_accounts = std::move(*ranges);
    }
    wanted.certificate_subject = command.certificate_subject;
    return wanted;
}

int create(ClientService& clients, const cli::ClientsCommand& command) {
    auto wanted = new_client(command);
    if (!wanted) return refuse(wanted.error());
    auto created = clients.create(*wanted);
    if (!created) return refuse(created.error());
    // The token alone on stdout, so that a script can capture it; the rest on stderr.
    std::printf("%s\n", created->token.c_str());
    std::fprintf(stderr, "created client %s (scopes %s); its token is printed above, this once only\n",
                 created->client.name.c_str(), created->client.scopes.format().c_str());
    return 0;
}

int list(ClientService& clients) {
    auto all = clients.list();
    if (!all) return refuse(all.error());
    std::printf("NAME\tSCOPES\tDEBIT_ACCOUNTS\tCERTIFICATE_SUBJECT\tCREATED_AT\tREVOKED_AT\n");
    for (const Client& client : *all) {
        std::printf("%s\t%s\t%s\t%s\t%s\t%s\n", client.name.c_str(), client.scopes.format().c_str(),
                    client.debit_accounts ? client.debit_accounts->format().c_str() : "any",
                    client.certificate_subject.value_or("-").c_str(), format_rfc3339(client.created_at).c_str(),
                    client.revoked_at ? format_rfc3339(*client.revoked_at).c_str() : "-");
    }
    return 0;
}

int revoke(ClientService& clients, const cli::ClientsCommand& command) {
    auto revoked = clients.revoke(command.name);
    if (!revoked) return refuse(revoked.error());
    std::printf("revoked %s at %s; every instance refuses its token within a second\n", revoked->name.c_str(),
                format_rfc3339(*revoked->revoked_at).c_str());
    return 0;
}

}  // namespace

int run_clients_command(const cli::ClientsCommand& command) {
    spdlog::set_default_logger(spdlog::stderr_color_st("transfers"));  // stdout carries the answer alone
    auto opened = open_store(command.database_url, command.database_password, connections_clients_command,
                             command.timeout_ms_db);
    if (!opened) {
        std::fprintf(stderr, "transfers: %s\n", opened.error().c_str());
        return exit_usage;
    }
    OpenSslTokenAuthority tokens;
    SystemClock clock;
    ClientService clients(*opened->clients, tokens, clock);
    switch (command.action) {
        case cli::ClientsCommand::Action::create: return create(clients, command);
        case cli::ClientsCommand::Action::list: return list(clients);
        case cli::ClientsCommand::Action::revoke: return revoke(clients, command);
    }
    return exit_usage;
}

}  // namespace transfers
