// Error: why a use case refused or could not serve a request, in the API's own vocabulary.
#pragma once

#include <string>

namespace transfers {

enum class ErrorCode {
    invalid_request,     // the request itself is wrong; detail names the field
    account_not_found,
    transfer_not_found,
    account_exists,
    insufficient_funds,
    balance_overflow,    // the destination balance would leave the DECIMAL(38,18) range
    unavailable,         // a dependency is down; the request may be retried later
};

struct Error {
    ErrorCode code;
    std::string detail;
};

}  // namespace transfers
