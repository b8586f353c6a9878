#include "app/transfer_service.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <string>

#include "app/store_errors.hpp"
#include "domain/transfer_rules.hpp"

namespace transfers {
namespace {

// A COMMIT whose outcome was lost and then read back as not written is safe to run again;
// bounded so that a database that keeps dropping connections ends in 503, not a loop.
constexpr int commit_attempts_max = 3;

const Account* find_locked(const std::vector<Account>& locked, AccountId id) {
    const auto it = std::find_if(locked.begin(), locked.end(),
                                 [id](const Account& account) { return account.id == id; });
    return it == locked.end() ? nullptr : &*it;
}

Error account_missing(const char* field, AccountId id) {
    return Error{ErrorCode::account_not_found, std::string(field) + ": account " +
                                                   std::to_string(id.value) + " does not exist"};
}

}  // namespace

Result<Transfer, Error> TransferService::transfer(const TransferCommand& command) {
    auto committed = commit(command);
    if (!committed) return fail(committed.error());
    return committed->record;
}

Result<CommittedTransfer, Error> TransferService::commit(const TransferCommand& command) {
    if (auto valid = check_transfer_request(command.source, command.target, command.amount); !valid) {
        return fail(valid.error());
    }
    CommittedTransfer outcome{Transfer{ids_.next(), command.source, command.target, command.amount, {}}, {}};
    for (int attempt = 1; attempt <= commit_attempts_max; ++attempt) {
        std::optional<Error> refusal;
        auto done = store_.transact([&](LedgerTransaction& transaction) {
            return execute(transaction, outcome, refusal);
        });
        if (done) {
            if (refusal) return fail(*refusal);
            return outcome;
        }
        if (done.error().kind != StoreFailure::Kind::commit_unknown) {
            return fail(unavailable_because(done.error()));
        }
        auto written = committed(outcome.record);
        if (!written) return fail(written.error());
        if (*written) return outcome;
    }
    return fail(Error{ErrorCode::unavailable, "the ledger database keeps losing connections"});
}

StoreResult<TransactionEnd> TransferService::execute(LedgerTransaction& transaction,
                                                     CommittedTransfer& outcome,
                                                     std::optional<Error>& refusal) {
    refusal.reset();
    Transfer& record = outcome.record;
    // Locking in ascending id order on every path is what keeps A->B and B->A from deadlocking.
    std::array<AccountId, 2> ids{record.source, record.target};
    std::sort(ids.begin(), ids.end());
    auto locked = transaction.lock_accounts(ids);
    if (!locked) return fail(locked.error());
    const Account* source = find_locked(*locked, record.source);
    const Account* target = find_locked(*locked, record.target);
    if (source == nullptr) refusal = account_missing("source_account_id", record.source);
    else if (target == nullptr) refusal = account_missing("destination_account_id", record.target);
    if (refusal) return TransactionEnd::roll_back;

    auto effect = apply_transfer(source->balance, target->balance, record.amount);
    if (!effect) {
        refusal = effect.error();
        return TransactionEnd::roll_back;
    }
    record.created_at = clock_.now();
    const std::array<BalanceDelta, 2> deltas{BalanceDelta{record.source, record.amount.negated()},
                                            BalanceDelta{record.target, record.amount}};
    if (auto moved = transaction.add_to_balances(deltas); !moved) return fail(moved.error());
    if (auto recorded = transaction.insert_transfers({&record, 1}); !recorded) {
        return fail(recorded.error());
    }
    // Each delta bumps its account's version by one.
    outcome.accounts_after = {Account{record.source, effect->source_balance, source->version + 1},
                              Account{record.target, effect->target_balance, target->version + 1}};
    return TransactionEnd::commit;
}

Result<bool, Error> TransferService::committed(const Transfer& record) {
    auto written = store_.transfer_committed(record.id);
    if (!written) return fail(unavailable_because(written.error()));
    return *written;
}

Result<Transfer, Error> TransferService::get_transfer(const TransferId& id) {
    auto found = store_.find_transfer(id);
    if (!found) return fail(unavailable_because(found.error()));
    if (!found->has_value()) {
        return fail(Error{ErrorCode::transfer_not_found, "transfer " + id.value + " does not exist"});
    }
    return **found;
}

}  // namespace transfers
