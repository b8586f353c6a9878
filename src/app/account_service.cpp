#include "app/account_service.hpp"

#include <array>
#include <cassert>
#include <string>

#include "app/store_errors.hpp"
#include "domain/idempotency.hpp"
#include "domain/transfer_rules.hpp"

namespace transfers {
namespace {

Error account_exists(AccountId id) {
    return Error{ErrorCode::account_exists, "account " + std::to_string(id.value) + " already exists"};
}

Error account_missing(AccountId id) {
    return Error{ErrorCode::account_not_found, "account " + std::to_string(id.value) + " does not exist"};
}

}  // namespace

Result<Account, Error> AccountService::open_account(const OpenAccountCommand& command) {
    if (auto valid = check_initial_balance(command.initial_balance); !valid) return fail(valid.error());
    if (command.idempotency_key) return open_once(command);
    const Account account{command.id, command.initial_balance, 0};
    auto inserted = store_.insert_account(account);
    if (inserted) return account;
    if (inserted.error().kind == StoreFailure::Kind::duplicate) return fail(account_exists(command.id));
    return fail(unavailable_because(inserted.error()));
}

// Opens the account and remembers the answer under the key in one transaction; a key seen
// before answers what it answered then.
Result<Account, Error> AccountService::open_once(const OpenAccountCommand& command) {
    const Account account{command.id, command.initial_balance, 0};
    const IdempotencyKey key{"accounts", *command.idempotency_key};
    const std::string fingerprint = fingerprint_of_account(command.id, command.initial_balance, command.client);
    std::optional<Error> refusal;
    auto done = store_.transact([&](LedgerTransaction& transaction) -> StoreResult<TransactionEnd> {
        refusal.reset();
        auto records = transaction.lock_idempotency_records(std::array{key});
        if (!records) return fail(records.error());
        if (!records->empty()) {
            const IdempotencyRecord& first = records->front();
            if (first.fingerprint != fingerprint) {
                refusal = Error{ErrorCode::idempotency_key_reused, "Idempotency-Key was first used with another request"};
            } else if (first.refusal) {
                refusal = first.refusal;
            }
            return TransactionEnd::roll_back;
        }
        auto inserted = transaction.insert_account(account);
        if (!inserted && inserted.error().kind != StoreFailure::Kind::duplicate) return fail(inserted.error());
        if (!inserted) refusal = account_exists(command.id);
        const IdempotencyRecord record{key, fingerprint, std::nullopt, refusal, clock_.now()};
        if (auto kept = transaction.insert_idempotency_records({&record, 1}); !kept) return fail(kept.error());
        return TransactionEnd::commit;
    });
    if (!done) return fail(unavailable_because(done.error()));
    if (refusal) return fail(*refusal);
    return account;
}

Result<Account, Error> AccountService::get_account(AccountId id) {
    auto found = store_.find_account(id);
    if (!found) return fail(unavailable_because(found.error()));
    if (!found->has_value()) return fail(account_missing(id));
    return **found;
}

Result<HistoryPage, Error> AccountService::history(AccountId id, std::optional<std::int64_t> before, std::size_t limit) {
    assert(limit > 0 && limit <= history_page_max);
    auto account = get_account(id);
    if (!account) return fail(account.error());
    // One more than asked for tells whether another page follows.
    auto entries = store_.list_transfers(id, before, limit + 1);
    if (!entries) return fail(unavailable_because(entries.error()));
    HistoryPage page;
    for (std::size_t i = 0; i < entries->size() && i < limit; ++i) page.transfers.push_back((*entries)[i].transfer);
    if (entries->size() > limit) page.next_before = (*entries)[limit - 1].sequence;
    return page;
}

}  // namespace transfers
