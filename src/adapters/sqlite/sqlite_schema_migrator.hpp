// Schema migration for SQLite: brings the ledger file to the newest embedded schema at start.
#pragma once

#include <string>

#include "adapters/sqlite/sqlite_connection.hpp"

namespace transfers::sqlite {

// Applies every embedded migration newer than the recorded version, each in its own write
// transaction (SQLite DDL is transactional: a failed migration leaves nothing half done).
Result<void, std::string> migrate(SqliteConnection& connection);

}  // namespace transfers::sqlite
