// How the SQLite stores (ledger and clients) report an error that is not theirs to handle.
#pragma once

#include "adapters/sqlite/sqlite_statement.hpp"
#include "ports/store_failure.hpp"

namespace transfers::sqlite {

inline StoreFailure unavailable(const SqliteError& error) {
    return StoreFailure{StoreFailure::Kind::unavailable, error.message};
}

// The one writer connection stayed taken past --db-timeout-ms.
inline StoreFailure writer_busy() {
    return StoreFailure{StoreFailure::Kind::unavailable, "the database writer stayed busy past the call's deadline"};
}

}  // namespace transfers::sqlite
