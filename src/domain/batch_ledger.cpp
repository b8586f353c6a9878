#include "domain/batch_ledger.hpp"

#include <algorithm>
#include <cassert>
#include <string>

#include "domain/transfer_rules.hpp"

namespace transfers {
namespace {

Error account_missing(const char* field, AccountId id) {
    return Error{ErrorCode::account_not_found,
                 std::string(field) + ": account " + std::to_string(id.value) + " does not exist"};
}

}  // namespace

BatchLedger::BatchLedger(std::vector<Account> locked) {
    entries_.reserve(locked.size());
    for (const Account& account : locked) {
        assert(!account.balance.is_negative());
        assert(entries_.empty() || entries_.back().before.id < account.id);
        entries_.push_back(Entry{account, account.balance});
    }
}

BatchLedger::Entry* BatchLedger::find(AccountId id) {
    const auto it = std::lower_bound(entries_.begin(), entries_.end(), id,
                                     [](const Entry& entry, AccountId wanted) { return entry.before.id < wanted; });
    return it != entries_.end() && it->before.id == id ? &*it : nullptr;
}

Result<void, Error> BatchLedger::apply(AccountId source, AccountId target, Money amount) {
    Entry* from = find(source);
    Entry* to = find(target);
    if (from == nullptr) return fail(account_missing("source_account_id", source));
    if (to == nullptr) return fail(account_missing("destination_account_id", target));
    auto effect = apply_transfer(from->balance, to->balance, amount);
    if (!effect) return fail(effect.error());
    from->balance = effect->source_balance;
    to->balance = effect->target_balance;
    return {};
}

std::vector<BalanceDelta> BatchLedger::net_deltas() const {
    std::vector<BalanceDelta> deltas;
    Money credits;
    Money debits;
    [[maybe_unused]] bool summable = true;  // sums past the Money range are possible in theory: then skip the check
    for (const Entry& entry : entries_) {
        if (entry.balance == entry.before.balance) continue;
        // Both balances lie in [0, max], so their difference is always a valid Money.
        const Money delta = entry.balance.checked_sub(entry.before.balance).value();
        deltas.push_back(BalanceDelta{entry.before.id, delta});
        auto sum = delta.is_positive() ? credits.checked_add(delta) : debits.checked_sub(delta);
        if (!sum) summable = false;
        if (sum) (delta.is_positive() ? credits : debits) = *sum;
    }
    assert(!summable || credits == debits);  // transfers move money, never create or destroy it
    return deltas;
}

std::vector<Account> BatchLedger::accounts_after() const {
    std::vector<Account> after;
    for (const Entry& entry : entries_) {
        if (entry.balance == entry.before.balance) continue;
        assert(!entry.balance.is_negative());
        after.push_back(Account{entry.before.id, entry.balance, entry.before.version + 1});
    }
    return after;
}

}  // namespace transfers
