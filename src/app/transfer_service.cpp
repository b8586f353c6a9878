#include "app/transfer_service.hpp"

#include <algorithm>
#include <cassert>
#include <string>

#include "app/store_errors.hpp"
#include "domain/batch_ledger.hpp"
#include "domain/transfer_rules.hpp"

namespace transfers {
namespace {

// A COMMIT whose outcome was lost and then read back as not written is safe to run again;
// bounded so that a database that keeps dropping connections ends in 503, not a loop.
constexpr int commit_attempts_max = 3;

std::vector<AccountId> sorted_unique_accounts(std::span<const Transfer> records) {
    std::vector<AccountId> ids;
    ids.reserve(records.size() * 2);
    for (const Transfer& record : records) {
        ids.push_back(record.source);
        ids.push_back(record.target);
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

}  // namespace

// One transfer of a batch: its record (id fixed before the first attempt, so that a lost
// COMMIT can be read back) and, once the batch ran, its outcome.
struct TransferService::Pending {
    std::size_t index;  // position in the caller's batch
    Transfer record;
    std::optional<Error> refusal;
};

BatchOutcome TransferService::commit_batch(std::span<const TransferCommand> commands) {
    BatchOutcome outcome;
    outcome.results.reserve(commands.size());
    std::vector<Pending> batch;
    for (std::size_t i = 0; i < commands.size(); ++i) {
        const TransferCommand& command = commands[i];
        auto valid = check_transfer_request(command.source, command.target, command.amount);
        outcome.results.push_back(valid ? Result<Transfer, Error>(Transfer{})
                                        : Result<Transfer, Error>(fail(valid.error())));
        if (valid) batch.push_back(Pending{i, Transfer{ids_.next(), command.source, command.target, command.amount, {}}, {}});
    }
    if (batch.empty()) return outcome;
    const std::optional<Error> failure = run_until_known(batch, outcome.accounts_after);
    for (Pending& pending : batch) {
        Result<Transfer, Error>& result = outcome.results[pending.index];
        if (failure) result = fail(*failure);
        else if (pending.refusal) result = fail(*pending.refusal);
        else result = std::move(pending.record);
    }
    if (failure) outcome.accounts_after.clear();
    return outcome;
}

// Runs the batch's transaction until its outcome is known: committed, refused as a whole, or
// failed. Answers the error that failed the whole batch, if any.
std::optional<Error> TransferService::run_until_known(std::vector<Pending>& batch, std::vector<Account>& accounts_after) {
    for (int attempt = 1; attempt <= commit_attempts_max; ++attempt) {
        auto done = store_.transact([&](LedgerTransaction& transaction) {
            return execute(transaction, batch, accounts_after);
        });
        if (done) return std::nullopt;
        if (done.error().kind != StoreFailure::Kind::commit_unknown) return unavailable_because(done.error());
        // Every record of the batch was written, or none: reading back one that was meant to be
        // written tells which.
        const auto written_one = std::find_if(batch.begin(), batch.end(), [](const Pending& p) { return !p.refusal; });
        assert(written_one != batch.end());  // a batch with nothing to write never commits
        auto written = committed(written_one->record);
        if (!written) return written.error();
        if (*written) return std::nullopt;
    }
    return Error{ErrorCode::unavailable, "the ledger database keeps losing connections"};
}

// One run of the batch's transaction. The store may run it again from scratch (deadlock), so
// it derives everything it writes from what it reads in this run.
StoreResult<TransactionEnd> TransferService::execute(LedgerTransaction& transaction, std::vector<Pending>& batch,
                                                     std::vector<Account>& accounts_after) {
    accounts_after.clear();
    std::vector<Transfer> records;
    records.reserve(batch.size());
    for (const Pending& pending : batch) records.push_back(pending.record);
    // Locking every account of the batch in ascending id order is what keeps concurrent
    // batches (and A->B beside B->A) from deadlocking.
    auto locked = transaction.lock_accounts(sorted_unique_accounts(records));
    if (!locked) return fail(locked.error());
    BatchLedger ledger(std::move(*locked));
    const Timestamp now = clock_.now();
    records.clear();
    for (Pending& pending : batch) {
        auto applied = ledger.apply(pending.record.source, pending.record.target, pending.record.amount);
        pending.refusal = applied ? std::nullopt : std::optional<Error>(applied.error());
        pending.record.created_at = now;
        if (applied) records.push_back(pending.record);
    }
    if (records.empty()) return TransactionEnd::roll_back;
    if (auto moved = transaction.add_to_balances(ledger.net_deltas()); !moved) return fail(moved.error());
    if (auto recorded = transaction.insert_transfers(records); !recorded) return fail(recorded.error());
    accounts_after = ledger.accounts_after();
    return TransactionEnd::commit;
}

Result<CommittedTransfer, Error> TransferService::commit(const TransferCommand& command) {
    BatchOutcome outcome = commit_batch({&command, 1});
    if (!outcome.results.front()) return fail(outcome.results.front().error());
    return CommittedTransfer{std::move(outcome.results.front()).value(), std::move(outcome.accounts_after)};
}

Result<Transfer, Error> TransferService::transfer(const TransferCommand& command) {
    auto committed = commit(command);
    if (!committed) return fail(committed.error());
    return committed->record;
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
