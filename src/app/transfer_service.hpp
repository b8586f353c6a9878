// TransferService: the use cases that move money between accounts and read transfer records.
#pragma once

#include <optional>
#include <string>
#include <span>
#include <vector>

#include "domain/error.hpp"
#include "domain/idempotency.hpp"
#include "domain/result.hpp"
#include "domain/transfer.hpp"
#include "ports/balance_cache.hpp"
#include "ports/clock.hpp"
#include "ports/ledger_store.hpp"
#include "ports/transfer_id_source.hpp"

namespace transfers {

struct TransferCommand {
    AccountId source;
    AccountId target;
    Money amount;
    // With a key, the transfer is executed at most once; retries get the first answer.
    std::optional<std::string> idempotency_key = std::nullopt;
    // The client that asks for it, written into the record (created_by).
    std::string client = std::string(anonymous_client_name);
};

// The answer for each transfer of a batch, in the order given, and the account states the
// batch committed (for the cache).
struct BatchOutcome {
    std::vector<Result<Transfer, Error>> results;
    std::vector<Account> accounts_after;
};

// Stateless apart from its port references; safe to call from any thread. Blocking: callers
// are on threads that may wait for the database.
class TransferService {
public:
    TransferService(LedgerStore& store, BalanceCache& cache, Clock& clock, TransferIdSource& ids)
        : store_(store), cache_(cache), clock_(clock), ids_(ids) {}

    // Runs all the transfers in one database transaction: accounts locked in id order,
    // transfers applied in the order given, each checked on its own, balances and records
    // written in bulk, the new states marked pending in the cache, one commit.
    BatchOutcome commit_batch(std::span<const TransferCommand> commands);
    // One transfer alone: a batch of one.
    Result<Transfer, Error> transfer(const TransferCommand& command);
    Result<Transfer, Error> get_transfer(const TransferId& id);

private:
    struct Pending;
    StoreResult<TransactionEnd> execute(LedgerTransaction& transaction, std::vector<Pending>& batch,
                                        std::vector<Account>& accounts_after);
    StoreResult<void> recall_keys(LedgerTransaction& transaction, std::vector<Pending>& batch);
    std::vector<IdempotencyRecord> records_to_remember(const std::vector<Pending>& batch, Timestamp now) const;
    void answer(std::vector<Pending>& batch, const std::optional<Error>& failure, BatchOutcome& outcome);
    Result<Transfer, Error> follower_answer(const Pending& leader, const Pending& follower, const BatchOutcome& outcome);
    // After a COMMIT whose outcome was lost: reads back whether `record` was written.
    Result<bool, Error> committed(const Transfer& record);
    std::optional<Error> run_until_known(std::vector<Pending>& batch, std::vector<Account>& accounts_after);

    LedgerStore& store_;
    BalanceCache& cache_;
    Clock& clock_;
    TransferIdSource& ids_;
};

}  // namespace transfers
