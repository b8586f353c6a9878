#include "domain/transfer_rules.hpp"

#include <cassert>

namespace transfers {

Result<void, Error> check_transfer_request(AccountId source, AccountId target, Money amount) {
    if (source == target) {
        return fail(Error{ErrorCode::invalid_request,
                          "destination_account_id: must differ from source_account_id"});
    }
    if (!amount.is_positive()) {
        return fail(Error{ErrorCode::invalid_request, "amount: must be greater than zero"});
    }
    return {};
}

Result<TransferEffect, Error> apply_transfer(Money source_balance, Money target_balance, Money amount) {
    assert(amount.is_positive());
    assert(!source_balance.is_negative());
    assert(!target_balance.is_negative());
    if (source_balance < amount) {
        return fail(Error{ErrorCode::insufficient_funds,
                          "the source account balance is lower than the amount"});
    }
    auto target_after = target_balance.checked_add(amount);
    if (!target_after) {
        return fail(Error{ErrorCode::balance_overflow,
                          "the destination balance would exceed the largest balance an account can hold"});
    }
    auto source_after = source_balance.checked_sub(amount);
    assert(source_after.ok());  // source_balance >= amount > 0, so the difference is in range
    assert(!source_after->is_negative());
    return TransferEffect{*source_after, *target_after};
}

Result<void, Error> check_initial_balance(Money initial_balance) {
    if (initial_balance.is_negative()) {
        return fail(Error{ErrorCode::invalid_request, "initial_balance: must not be negative"});
    }
    return {};
}

}  // namespace transfers
