// Account: an account's balance as stored, with the version that orders its changes.
#pragma once

#include <cstdint>

#include "domain/account_id.hpp"
#include "domain/money.hpp"

namespace transfers {

struct Account {
    AccountId id;
    Money balance;
    // Incremented with every balance change, so caches can tell newer state from older.
    std::int64_t version = 0;
};

}  // namespace transfers
