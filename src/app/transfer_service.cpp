#include "app/transfer_service.hpp"

#include <algorithm>
#include <cassert>
#include <string>

#include "app/failpoint.hpp"
#include "app/pending_marks.hpp"
#include "app/store_errors.hpp"
#include "domain/batch_ledger.hpp"
#include "domain/transfer_rules.hpp"

namespace transfers {
namespace {

// A COMMIT whose outcome was lost and then read back as not written is safe to run again;
// bounded so that a database that keeps dropping connections ends in 503, not a loop.
constexpr int commit_attempts_max = 3;

Error outcome_unknown_because(const Error& read_back) {
    return Error{ErrorCode::outcome_unknown,
                 "COMMIT sent, its outcome lost, and the read-back failed: " + read_back.detail};
}

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

std::vector<CacheRepair> cache_repairs_of(std::span<const Account> accounts) {
    std::vector<CacheRepair> repairs;
    repairs.reserve(accounts.size());
    for (const Account& account : accounts) repairs.push_back(CacheRepair{account.id, account.version});
    return repairs;
}

}  // namespace

// One transfer of a batch: its record (id fixed before the first attempt, so that a lost
// COMMIT can be read back) and, once the batch ran, its outcome.
struct TransferService::Pending {
    std::size_t index;  // position in the caller's batch
    Transfer record;
    std::optional<IdempotencyKey> key;
    std::string fingerprint;
    // An earlier transfer of this batch with the same key answers for this one.
    std::optional<std::size_t> follows;
    // Set by each run of the transaction:
    std::optional<Error> refusal;
    std::optional<TransferId> replay;  // the key's first request committed this transfer
    // The key's record from before this batch: the first use of the key, which every request
    // with the key is compared with.
    std::optional<IdempotencyRecord> recorded;

    bool executes() const { return !follows && !replay && !refusal; }
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
        if (!valid) continue;
        Pending pending{i, Transfer{ids_.next(), command.source, command.target, command.amount, {}, command.client}, {}, {}, {}, {}, {}, {}};
        if (command.idempotency_key) {
            pending.key = IdempotencyKey{"transfers", *command.idempotency_key};
            pending.fingerprint = fingerprint_of_transfer(command.source, command.target, command.amount, command.client);
            const auto leader = std::find_if(batch.begin(), batch.end(), [&](const Pending& p) { return p.key == pending.key; });
            if (leader != batch.end()) pending.follows = static_cast<std::size_t>(leader - batch.begin());
        }
        batch.push_back(std::move(pending));
    }
    if (batch.empty()) return outcome;
    const std::optional<Error> failure = run_until_known(batch, outcome.accounts_after);
    answer(batch, failure, outcome);
    if (failure) outcome.accounts_after.clear();
    return outcome;
}

void TransferService::answer(std::vector<Pending>& batch, const std::optional<Error>& failure, BatchOutcome& outcome) {
    for (Pending& pending : batch) {
        Result<Transfer, Error>& result = outcome.results[pending.index];
        if (failure) result = fail(*failure);
        else if (pending.follows) continue;  // answered below, once its leader is
        else if (pending.refusal) result = fail(*pending.refusal);
        else if (pending.replay) result = get_transfer(*pending.replay);
        else result = pending.record;
    }
    for (const Pending& pending : batch) {
        if (failure || !pending.follows) continue;
        outcome.results[pending.index] = follower_answer(batch[*pending.follows], pending, outcome);
    }
}

// A later request with a key that an earlier one in the batch carries gets the answer of the
// key's first use: the stored record when there is one, else that earlier request.
Result<Transfer, Error> TransferService::follower_answer(const Pending& leader, const Pending& follower,
                                                        const BatchOutcome& outcome) {
    const std::string& first_use = leader.recorded ? leader.recorded->fingerprint : leader.fingerprint;
    if (follower.fingerprint != first_use) {
        return fail(Error{ErrorCode::idempotency_key_reused, "Idempotency-Key was first used with another request"});
    }
    if (!leader.recorded) return outcome.results[leader.index];
    if (leader.recorded->transfer) return get_transfer(*leader.recorded->transfer);
    return fail(leader.recorded->refusal.value_or(Error{ErrorCode::unavailable, "unreadable idempotency record"}));
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
        // written tells which. A batch that only remembered refusals is safe to run again: its
        // keys make a second run answer what the first one stored.
        const auto written_one = std::find_if(batch.begin(), batch.end(), [](const Pending& p) { return p.executes(); });
        if (written_one == batch.end()) continue;
        // The read-back has its own database deadline; when it too fails, the outcome stays
        // unknown, and saying "failed" (or "done") could be a lie the client acts on.
        auto written = committed(written_one->record);
        if (!written) return outcome_unknown_because(written.error());
        if (*written) return std::nullopt;
    }
    return Error{ErrorCode::unavailable, "the ledger database keeps losing connections"};
}

// Locks the batch's keys and marks the transfers whose key already has an answer.
StoreResult<void> TransferService::recall_keys(LedgerTransaction& transaction, std::vector<Pending>& batch) {
    std::vector<IdempotencyKey> keys;
    for (const Pending& pending : batch) {
        if (pending.key && !pending.follows) keys.push_back(*pending.key);
    }
    if (keys.empty()) return {};
    std::sort(keys.begin(), keys.end());
    auto records = transaction.lock_idempotency_records(keys);
    if (!records) return fail(records.error());
    for (Pending& pending : batch) {
        if (!pending.key || pending.follows) continue;
        const auto record = std::find_if(records->begin(), records->end(),
                                         [&](const IdempotencyRecord& r) { return r.key == *pending.key; });
        if (record == records->end()) continue;
        pending.recorded = *record;
        if (record->fingerprint != pending.fingerprint) {
            pending.refusal = Error{ErrorCode::idempotency_key_reused, "Idempotency-Key was first used with another request"};
        } else if (record->transfer) {
            pending.replay = record->transfer;
        } else {
            pending.refusal = record->refusal.value_or(Error{ErrorCode::unavailable, "unreadable idempotency record"});
        }
    }
    return {};
}

// What this batch must remember for its keys: the transfer or the refusal of each first use.
std::vector<IdempotencyRecord> TransferService::records_to_remember(const std::vector<Pending>& batch,
                                                                    Timestamp now) const {
    std::vector<IdempotencyRecord> records;
    for (const Pending& pending : batch) {
        if (!pending.key || pending.follows || pending.recorded) continue;
        IdempotencyRecord record{*pending.key, pending.fingerprint, std::nullopt, pending.refusal, now};
        if (!pending.refusal) record.transfer = pending.record.id;
        records.push_back(std::move(record));
    }
    return records;
}

// One run of the batch's transaction. The store may run it again from scratch (deadlock), so
// it derives everything it writes from what it reads in this run.
StoreResult<TransactionEnd> TransferService::execute(LedgerTransaction& transaction, std::vector<Pending>& batch,
                                                     std::vector<Account>& accounts_after) {
    accounts_after.clear();
    for (Pending& pending : batch) {
        pending.refusal.reset();
        pending.replay.reset();
        pending.recorded.reset();
    }
    if (auto recalled = recall_keys(transaction, batch); !recalled) return fail(recalled.error());
    std::vector<Transfer> records;
    for (const Pending& pending : batch) {
        if (pending.executes()) records.push_back(pending.record);
    }
    std::vector<Account> locked;
    if (!records.empty()) {
        // Locking every account of the batch in ascending id order is what keeps concurrent
        // batches (and A->B beside B->A) from deadlocking.
        auto accounts = transaction.lock_accounts(sorted_unique_accounts(records));
        if (!accounts) return fail(accounts.error());
        locked = std::move(*accounts);
    }
    BatchLedger ledger(std::move(locked));
    const Timestamp now = clock_.now();
    records.clear();
    for (Pending& pending : batch) {
        if (!pending.executes()) continue;
        auto applied = ledger.apply(pending.record.source, pending.record.target, pending.record.amount);
        pending.record.created_at = now;
        if (applied) records.push_back(pending.record);
        else pending.refusal = applied.error();
    }
    const std::vector<IdempotencyRecord> remembered = records_to_remember(batch, now);
    if (records.empty() && remembered.empty()) return TransactionEnd::roll_back;
    accounts_after = ledger.accounts_after();
    // The cache call runs while the statements below do; the COMMIT waits for both.
    // A transaction that fails after this leaves marks for states that were never committed:
    // harmless, as a mark only sends reads to the ledger (until the next commit or its TTL).
    std::future<bool> marked = start_marking_pending(cache_, accounts_after);
    if (!records.empty()) {
        if (auto moved = transaction.add_to_balances(ledger.net_deltas()); !moved) return fail(moved.error());
        if (auto recorded = transaction.insert_transfers(records); !recorded) return fail(recorded.error());
    }
    if (!remembered.empty()) {
        if (auto kept = transaction.insert_idempotency_records(remembered); !kept) return fail(kept.error());
    }
    // Bounded: the cache answers every call, at worst once its own timeout ends it. Marks that
    // did not reach the cache are recorded with the commit itself, so that whichever instance
    // comes next marks them, even if this process dies before the cache answers again.
    if (!marked.get()) {
        if (auto recorded = transaction.record_cache_repairs(cache_repairs_of(accounts_after)); !recorded) {
            return fail(recorded.error());
        }
    }
    failpoint("before_commit");
    return TransactionEnd::commit;
}


Result<Transfer, Error> TransferService::transfer(const TransferCommand& command) {
    return std::move(commit_batch({&command, 1}).results.front());
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
