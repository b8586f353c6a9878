// The first start with authentication on: with no client at all, an admin client is created and
// its token written to a file only the service's user can read, so that the first run works
// end to end without a separate setup step (composition root).
#pragma once

#include <string>

#include "app/client_service.hpp"
#include "domain/result.hpp"

namespace transfers {

// The flag's path, or the default: beside the SQLite file ("PATH.admin-token"), or
// ./transfers-admin.token for MariaDB.
std::string admin_token_path(const std::string& database_url, const std::string& flag);

// Creates the first admin and writes its token to `path` (mode 0600, replaced atomically), or
// does nothing when any client exists. The error is one line for stderr.
Result<void, std::string> create_first_admin_if_none(ClientService& clients, const std::string& path);

}  // namespace transfers
