// StoreFailure: why a ledger store could not do what was asked (an operating error, not a bug).
#pragma once

#include <string>

namespace transfers {

struct StoreFailure {
    enum class Kind {
        unavailable,     // the database cannot be reached or refused to work; retry later
        duplicate,       // a row with the same key already exists
        commit_unknown,  // the connection broke during COMMIT: the outcome must be read back
    };
    Kind kind = Kind::unavailable;
    std::string message;
};

}  // namespace transfers
