#include "adapters/mariadb/db_error.hpp"

#include <errmsg.h>
#include <mysqld_error.h>

namespace transfers::mariadb {

bool DbError::retryable() const {
    return code == ER_LOCK_DEADLOCK || code == ER_LOCK_WAIT_TIMEOUT || code == ER_CONSTRAINT_FAILED;
}

// Client-side errors (2000..2999) all leave the connection in an unknown protocol state.
bool DbError::connection_broken() const { return code >= CR_MIN_ERROR && code <= CR_MAX_ERROR; }

bool DbError::duplicate_key() const { return code == ER_DUP_ENTRY; }

}  // namespace transfers::mariadb
