// BalanceDelta: a change of one account's balance by a signed amount, applied relative to the
// stored value (balance = balance + delta), never as an absolute overwrite.
#pragma once

#include "domain/account_id.hpp"
#include "domain/money.hpp"

namespace transfers {

struct BalanceDelta {
    AccountId account;
    Money delta;
};

}  // namespace transfers
