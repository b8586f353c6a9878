// DbError: a MariaDB client or server error, classified by what the caller should do about it.
#pragma once

#include <string>

namespace transfers::mariadb {

struct DbError {
    unsigned code = 0;  // the server's or the client library's error number
    std::string message;

    // Deadlock, lock wait timeout, or a CHECK constraint refusing an update: the transaction
    // was (or must be) rolled back, and running it again from scratch is safe.
    bool retryable() const;
    // The connection is unusable: it must be discarded, never returned to the pool.
    bool connection_broken() const;
    bool duplicate_key() const;
};

}  // namespace transfers::mariadb
