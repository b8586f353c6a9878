// The command line's access options: `serve`'s authentication and rate-limit flags, and the
// `clients` subcommand.
#pragma once

#include <CLI/CLI.hpp>

#include "adapters/cli/service_config.hpp"

namespace transfers::cli {

void add_access_options(CLI::App& serve, ServiceConfig& config);
// Adds `clients` with its create, list and revoke subcommands, which fill `command`.
void add_clients_subcommand(CLI::App& app, ClientsCommand& command);
// Which `clients` action was chosen, once parsed; nullopt when `clients` was not.
std::optional<ClientsCommand::Action> chosen_clients_action(const CLI::App& app);
// The rate-limit flags come as a pair; the error is one line.
Result<void, std::string> check_access_options(const ServiceConfig& config);

}  // namespace transfers::cli
