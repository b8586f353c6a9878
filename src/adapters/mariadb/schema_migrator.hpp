// Schema migration for MariaDB: brings the database to the newest embedded schema at start.
#pragma once

#include <string>

#include "adapters/mariadb/connection.hpp"
#include "domain/result.hpp"

namespace transfers::mariadb {

// Applies every embedded migration newer than the recorded version, in order. Several service
// instances may start at once: a named server lock lets one migrate while the others wait.
Result<void, std::string> migrate(Connection& connection);

}  // namespace transfers::mariadb
