// How the MariaDB stores (ledger and clients) report a database error that is not theirs to
// handle: unavailable, with the server's message and error number for the log.
#pragma once

#include <string>

#include "adapters/mariadb/db_error.hpp"
#include "ports/store_failure.hpp"

namespace transfers::mariadb {

inline StoreFailure unavailable(const DbError& error) {
    return StoreFailure{StoreFailure::Kind::unavailable, error.message + " (error " + std::to_string(error.code) + ")"};
}

}  // namespace transfers::mariadb
