// Translation of store failures into the API's error vocabulary, shared by the use cases.
#pragma once

#include "domain/error.hpp"
#include "ports/store_failure.hpp"

namespace transfers {

// Every store failure a use case does not handle itself means the request cannot be served
// safely now: the client may retry later. The message is kept for the log, not the client.
inline Error unavailable_because(const StoreFailure& failure) {
    return Error{ErrorCode::unavailable, "the ledger database is unavailable: " + failure.message};
}

}  // namespace transfers
