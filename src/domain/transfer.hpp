// Transfer: the record of money moved from one account to another, as committed.
#pragma once

#include <string>

#include "domain/account_id.hpp"
#include "domain/client.hpp"
#include "domain/money.hpp"
#include "domain/timestamp.hpp"

namespace transfers {

// Opaque, globally unique, time-ordered identifier of a transfer (a UUID in text form).
struct TransferId {
    std::string value;
    auto operator<=>(const TransferId&) const = default;
};

struct Transfer {
    TransferId id;
    AccountId source;
    AccountId target;
    Money amount;
    Timestamp created_at;
    // The client that asked for it (the audit trail); "anonymous" when the API is open.
    std::string created_by = std::string(anonymous_client_name);
};

}  // namespace transfers
