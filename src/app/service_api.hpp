// ServiceApi: the asynchronous face of the use cases, as the HTTP adapter calls them. It decides
// where each use case runs (blocking work on the TaskRunner, never on an I/O thread) and puts
// the balance cache in front of account reads and behind committed transfers.
#pragma once

#include "app/account_read_flights.hpp"
#include "app/account_service.hpp"
#include "app/commit_counter.hpp"
#include "app/readiness.hpp"
#include "app/reply.hpp"
#include "app/transfer_batcher.hpp"
#include "app/transfer_service.hpp"
#include "ports/balance_cache.hpp"
#include "ports/task_runner.hpp"
#include "ports/tracer.hpp"

namespace transfers {

// Thread-safe; replies run on a runner thread, a cache thread, or the caller's thread (when the
// answer is known at once). Every reply runs exactly once.
class ServiceApi {
public:
    struct Parts {
        AccountService& accounts;
        TransferService& transfers;
        TransferBatcher& batcher;
        Readiness& readiness;
        BalanceCache& cache;
        TaskRunner& runner;
        CommitCounter& commits;
        Tracer& tracer;
    };

    explicit ServiceApi(Parts parts) : parts_(parts), flights_(parts.commits) {}

    void open_account(const OpenAccountCommand& command, Reply<Account> reply);
    // Cache first; a miss reads the ledger once per account at a time, then fills the cache.
    void get_account(AccountId id, Reply<Account> reply);
    // Batched with the transfers arriving meanwhile; answered only after the commit, and the
    // commit only after the cache marked the new balances pending, so a read after the answer
    // never shows an older one.
    void transfer(const TransferCommand& command, Reply<Transfer> reply);
    void get_transfer(const TransferId& id, Reply<Transfer> reply);
    void history(AccountId id, std::optional<std::int64_t> before, std::size_t limit, Reply<HistoryPage> reply);
    void check_readiness(std::function<void(std::vector<DependencyStatus>)> reply);

private:
    // Runs `task` on the runner, or answers `reply` with 503 when the runner's queue is full.
    template <typename T>
    void run_blocking(std::function<void()> task, const Reply<T>& reply);
    void read_through(AccountId id, std::shared_ptr<AccountReadFlights::Flight> flight, TraceContext trace);
    // A span for the use case, child of the request's span (the current trace context).
    std::shared_ptr<Span> start_use_case(std::string_view name);

    Parts parts_;
    AccountReadFlights flights_;
};

}  // namespace transfers
