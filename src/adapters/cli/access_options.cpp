#include "adapters/cli/access_options.hpp"

#include <map>

namespace transfers::cli {
namespace {

// Bounds that catch a typo without limiting a real deployment.
constexpr double rate_limit_min = 0.001;
constexpr double rate_limit_max = 10'000'000;

void add_database_options(CLI::App& command, ClientsCommand& clients) {
    command.add_option("--db", clients.database_url, "mariadb://USER[:PASS]@HOST:PORT/DBNAME or sqlite:PATH")
        ->envname("TRANSFERS_DB")
        ->default_val(clients.database_url);
    command.add_option("--db-password-file", clients.database_password_file,
                       "file holding the MariaDB password, for a --db URL without one (keeps it out of ps)")
        ->envname("TRANSFERS_DB_PASSWORD_FILE");
}

}  // namespace

void add_access_options(CLI::App& serve, ServiceConfig& config) {
    const std::map<std::string, bool> modes{{"on", true}, {"off", false}};
    serve.add_option("--auth", config.auth,
                     "on: every route but /v1/health and /metrics needs a token; off: the open API (logs a warning)")
        ->envname("TRANSFERS_AUTH")
        ->transform(CLI::CheckedTransformer(modes, CLI::ignore_case))
        ->default_str("on");
    serve.add_option("--admin-token-file", config.admin_token_file,
                     "where the first start writes the first admin token (default: beside the SQLite file, or "
                     "./transfers-admin.token for MariaDB)")
        ->envname("TRANSFERS_ADMIN_TOKEN_FILE");
    serve.add_option("--rate-limit", config.rate_limit_per_second,
                     "requests per second each client may send (token bucket); none when absent")
        ->envname("TRANSFERS_RATE_LIMIT")
        ->check(CLI::Range(rate_limit_min, rate_limit_max));
    serve.add_option("--rate-limit-burst", config.rate_limit_burst,
                     "requests a client may send at once after being quiet (default: one second's worth)")
        ->envname("TRANSFERS_RATE_LIMIT_BURST")
        ->check(CLI::Range(1.0, rate_limit_max));
}

Result<void, std::string> check_access_options(const ServiceConfig& config) {
    if (config.rate_limit_burst && !config.rate_limit_per_second) return fail("--rate-limit-burst needs --rate-limit");
    return {};
}

void add_clients_subcommand(CLI::App& app, ClientsCommand& command) {
    CLI::App* clients = app.add_subcommand("clients", "manage the API's clients (against the same --db as serve)");
    clients->require_subcommand(1);
    CLI::App* create = clients->add_subcommand("create", "create a client and print its token (shown only this once)");
    add_database_options(*create, command);
    create->add_option("--name", command.name, "a unique name: letters, digits, '.', '_', '-'")->required();
    create->add_option("--scopes", command.scopes,
                       "comma-separated: accounts:read, accounts:write, transfers:read, transfers:write, admin")
        ->required();
    create->add_option("--debit-accounts", command.debit_accounts,
                       "the only accounts it may debit: ids and ranges, e.g. 1000-1999,2500 (default: any)");
    create->add_option("--certificate-subject", command.certificate_subject,
                       "a client certificate subject (RFC 2253, e.g. CN=payroll,O=Acme) that identifies it under "
                       "mutual TLS");
    CLI::App* list = clients->add_subcommand("list", "list every client, revoked ones too");
    add_database_options(*list, command);
    CLI::App* revoke = clients->add_subcommand("revoke", "revoke a client: every instance refuses it within a second");
    add_database_options(*revoke, command);
    revoke->add_option("name", command.name, "the client's name")->required();
}

std::optional<ClientsCommand::Action> chosen_clients_action(const CLI::App& app) {
    const CLI::App* clients = app.get_subcommand("clients");
    if (clients == nullptr || !clients->parsed()) return std::nullopt;
    if (clients->get_subcommand("create")->parsed()) return ClientsCommand::Action::create;
    if (clients->get_subcommand("revoke")->parsed()) return ClientsCommand::Action::revoke;
    return ClientsCommand::Action::list;
}

}  // namespace transfers::cli
