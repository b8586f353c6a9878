// TransferBatcher: group commit at the application level. Transfers that arrive while a batch
// is in the database go together into the next one; each client still gets its own answer,
// only after the commit.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <deque>
#include <mutex>

#include "app/account_holds.hpp"
#include "app/commit_counter.hpp"
#include "app/reply.hpp"
#include "app/transfer_service.hpp"
#include "ports/balance_cache.hpp"
#include "ports/task_runner.hpp"
#include "ports/tracer.hpp"

namespace transfers {

// Told of every committed batch: how many transfers it carried and how long its database
// transaction took (for metrics). Runs on the executor's thread; must not block.
using BatchObserver = std::function<void(std::size_t transfers, std::chrono::microseconds transaction)>;

struct BatchLimits {
    // Transfers per database transaction: large enough to amortize the log flush, small enough
    // to keep a batch's lock time and statement sizes modest.
    std::size_t batch_transfers_max = 512;
    // Transfers waiting for a batch; beyond this, new ones are answered 503 at once.
    std::size_t queue_depth_max = 20000;
    // Batches in the database at once. Batches in flight never share an account (AccountHolds),
    // so they do not wait for each other's row locks; each still locks its accounts in id
    // order, which keeps them free of deadlocks with any other writer.
    int executors_max = 2;
    // How far into the queue an executor looks for transfers that need no held account.
    std::size_t scan_max = 2048;
    // While one executor runs, another starts only once this many transfers wait: a second
    // batch of a handful costs nearly the round trips and the log flush of a full one, and
    // the busy executor takes them soon anyway (measured: +5% uniform throughput at 64). The
    // first executor always starts at once.
    std::size_t more_executors_queue_min = 64;
    // A transfer that waited longer than this for its batch is answered 503 instead of run:
    // the database deadline (--db-timeout-ms), so a stalled batch does not hold up the ones
    // behind it for a second deadline of their own.
    std::chrono::milliseconds wait_ms_queued_max{5000};
};

// Thread-safe: mutex_ guards queue_, holds_, executors_active_ and closed_. Executors are tasks on the
// runner that drain the queue batch by batch and end when nothing in it can go: no timer, and
// a lone transfer is committed at once. A transfer that waits for a held account is taken by
// the executor holding it, once its batch has ended.
class TransferBatcher {
public:
    TransferBatcher(TransferService& transfers, BalanceCache& cache, CommitCounter& commits,
                    TaskRunner& runner, BatchLimits limits, Tracer& tracer, BatchObserver observer = {});

    // `trace` is the requesting span: the batch's span links to it.
    void submit(const TransferCommand& command, const TraceContext& trace, Reply<Transfer> reply);
    // For a shutdown that cannot wait any longer: the transfers still queued are answered 503
    // at once (they never reached a transaction and now never will), and so is every later one.
    // Batches already in the database end as they end. Idempotent.
    void close();

private:
    struct Queued {
        TransferCommand command;
        TraceContext trace;
        Reply<Transfer> reply;
        std::chrono::steady_clock::time_point queued_at;
    };
    using Batch = AccountHolds::Taken<Queued>;
    void drain();
    // Releases the accounts of the executor's last batch, then takes its next one.
    Batch take_batch(const std::vector<std::int64_t>& released);
    void execute(std::deque<Queued> batch);
    void refuse_overdue(std::deque<Queued>& batch);

    TransferService& transfers_;
    BalanceCache& cache_;
    CommitCounter& commits_;
    TaskRunner& runner_;
    const BatchLimits limits_;
    Tracer& tracer_;
    const BatchObserver observer_;
    std::mutex mutex_;
    std::deque<Queued> queue_;
    AccountHolds holds_;
    int executors_active_ = 0;
    bool closed_ = false;
};

}  // namespace transfers
