// The money rules of a transfer: which requests are well formed, and when a move is allowed.
#pragma once

#include "domain/account_id.hpp"
#include "domain/error.hpp"
#include "domain/money.hpp"
#include "domain/result.hpp"

namespace transfers {

// The balances of both accounts after a transfer, as the ledger must store them.
struct TransferEffect {
    Money source_balance;
    Money target_balance;
};

// A transfer request is well formed when it moves a positive amount between two accounts.
Result<void, Error> check_transfer_request(AccountId source, AccountId target, Money amount);

// Moves `amount` between the given current balances: refuses an overdraft, and a destination
// balance beyond what DECIMAL(38,18) holds, rather than wrapping or rounding.
Result<TransferEffect, Error> apply_transfer(Money source_balance, Money target_balance, Money amount);

// An opening balance is any non-negative amount.
Result<void, Error> check_initial_balance(Money initial_balance);

}  // namespace transfers
