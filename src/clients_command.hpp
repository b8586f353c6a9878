// `transfers clients create|list|revoke`: client management from the command line, against
// the same database as `serve` (composition root).
#pragma once

#include "adapters/cli/service_config.hpp"

namespace transfers {

// Exit status: 0 done, 1 refused or failed (the database, a taken name), 2 bad arguments.
int run_clients_command(const cli::ClientsCommand& command);

}  // namespace transfers
