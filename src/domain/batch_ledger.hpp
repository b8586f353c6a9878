// BatchLedger: the accounts locked for one batch of transfers, with the transfers applied to
// them in arrival order, each checked on its own (one overdraft fails alone).
#pragma once

#include <vector>

#include "domain/account.hpp"
#include "domain/balance_delta.hpp"
#include "domain/error.hpp"
#include "domain/result.hpp"

namespace transfers {

// Owned by the one thread running the batch's database transaction.
class BatchLedger {
public:
    // `locked` in ascending id order, as the store answers a lock.
    explicit BatchLedger(std::vector<Account> locked);

    // Moves `amount` if both accounts exist and the source covers it; otherwise changes nothing
    // and says why (account_not_found naming the field, insufficient_funds, balance_overflow).
    Result<void, Error> apply(AccountId source, AccountId target, Money amount);

    // One relative change per account whose balance moved, in id order. They sum to zero.
    std::vector<BalanceDelta> net_deltas() const;
    // The stored state of each account in net_deltas() once they are applied (version + 1).
    std::vector<Account> accounts_after() const;

private:
    struct Entry {
        Account before;
        Money balance;  // after the transfers applied so far
    };
    Entry* find(AccountId id);

    std::vector<Entry> entries_;  // ascending id
};

}  // namespace transfers
