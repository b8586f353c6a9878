// Error: why a use case refused or could not serve a request, in the API's own vocabulary.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace transfers {

enum class ErrorCode {
    invalid_request,     // the request itself is wrong; detail names the field
    account_not_found,
    transfer_not_found,
    account_exists,
    insufficient_funds,
    balance_overflow,    // the destination balance would leave the DECIMAL(38,18) range
    idempotency_key_reused,  // the key was first used with another request
    unavailable,         // a dependency is down; the request may be retried later
    // A COMMIT was sent but its outcome could not be learned within the deadline: the transfer
    // may or may not be committed. Neither a failure nor a success; a retry with the same
    // Idempotency-Key learns which (the key is written in the same transaction).
    outcome_unknown,
    unauthenticated,     // no valid credentials: a missing, malformed, unknown or revoked token
    forbidden,           // the client is known but may not do this
    rate_limited,        // the client sent more than its rate limit allows; retry after a while
    client_exists,       // a client with this name exists or existed (names are never reused)
    client_not_found,
};

// The code's name as the API shows it ("insufficient_funds"), and back.
std::string_view code_name(ErrorCode code);
std::optional<ErrorCode> code_from_name(std::string_view name);

struct Error {
    ErrorCode code;
    std::string detail;
};

}  // namespace transfers
