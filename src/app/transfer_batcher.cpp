#include "app/transfer_batcher.hpp"

#include <cassert>
#include <vector>

#include "app/failpoint.hpp"
#include "ports/trace_scope.hpp"

namespace transfers {
namespace {

Error closed_error() {
    return Error{ErrorCode::unavailable, "the service is shutting down: the transfer was not executed"};
}

}  // namespace

TransferBatcher::TransferBatcher(TransferService& transfers, BalanceCache& cache, CommitCounter& commits,
                                 TaskRunner& runner, BatchLimits limits, Tracer& tracer, BatchObserver observer)
    : transfers_(transfers),
      cache_(cache),
      commits_(commits),
      runner_(runner),
      limits_(limits),
      tracer_(tracer),
      observer_(std::move(observer)) {
    assert(limits_.batch_transfers_max > 0);
    assert(limits_.executors_max > 0);
}

void TransferBatcher::submit(const TransferCommand& command, const TraceContext& trace, Reply<Transfer> reply) {
    std::unique_lock lock(mutex_);
    if (closed_) {
        lock.unlock();
        return reply(fail(closed_error()));
    }
    if (queue_.size() >= limits_.queue_depth_max) {
        lock.unlock();
        return reply(fail(queue_full_error()));
    }
    queue_.push_back(Queued{command, trace, std::move(reply), std::chrono::steady_clock::now()});
    if (executors_active_ >= limits_.executors_max) return;
    // A transfer on a held account waits for the executor holding it: another executor would
    // only scan the queue and find nothing it may take.
    if (executors_active_ > 0 && (holds_.held(command.source) || holds_.held(command.target))) return;
    if (executors_active_ > 0 && queue_.size() < limits_.more_executors_queue_min) return;
    ++executors_active_;
    lock.unlock();
    if (runner_.post([this] { drain(); })) return;
    // No thread for a new executor. If others are running they take the transfer; if none is,
    // the queue holds only this transfer (an empty queue is what let the last executor end).
    lock.lock();
    --executors_active_;
    if (executors_active_ > 0) return;
    Queued refused = std::move(queue_.back());
    queue_.pop_back();
    assert(queue_.empty());
    lock.unlock();
    refused.reply(fail(queue_full_error()));
}

void TransferBatcher::close() {
    std::deque<Queued> refused;
    {
        std::lock_guard lock(mutex_);
        closed_ = true;
        refused.swap(queue_);
    }
    for (Queued& queued : refused) queued.reply(fail(closed_error()));
}

TransferBatcher::Batch TransferBatcher::take_batch(const std::vector<std::int64_t>& released) {
    std::lock_guard lock(mutex_);
    holds_.release(released);
    if (closed_) {
        --executors_active_;  // nothing may start any more: this executor ends
        return Batch{};
    }
    Batch batch = holds_.take(queue_, limits_.batch_transfers_max, limits_.scan_max, [](const Queued& queued) {
        return std::pair{queued.command.source, queued.command.target};
    });
    // This executor ends: what is left (if anything) waits for accounts another executor holds,
    // and that executor takes it when its batch ends.
    if (batch.items.empty()) --executors_active_;
    return batch;
}

void TransferBatcher::drain() {
    std::vector<std::int64_t> held;
    for (;;) {
        Batch batch = take_batch(held);
        if (batch.items.empty()) return;
        held = std::move(batch.accounts);
        refuse_overdue(batch.items);
        if (!batch.items.empty()) execute(std::move(batch.items));
    }
}

// A transfer that waited a whole database deadline for a batch (the one before it stalled) is
// answered 503 rather than sent to the same database for another deadline: its client waits at
// most that long in the queue plus its own batch's deadline. It never reached a transaction.
void TransferBatcher::refuse_overdue(std::deque<Queued>& batch) {
    const auto now = std::chrono::steady_clock::now();
    std::deque<Queued> overdue;
    std::deque<Queued> fresh;
    for (Queued& queued : batch) {
        (now - queued.queued_at > limits_.wait_ms_queued_max ? overdue : fresh).push_back(std::move(queued));
    }
    batch = std::move(fresh);
    for (Queued& queued : overdue) {
        queued.reply(fail(Error{ErrorCode::unavailable,
                                "the transfer waited a whole database deadline for its batch: not executed"}));
    }
}

// The batch is one span: a child of its first request's span, linked to every request riding
// on it, so each request's trace leads to the commit that carried it.
void TransferBatcher::execute(std::deque<Queued> batch) {
    std::vector<TransferCommand> commands;
    commands.reserve(batch.size());
    for (const Queued& queued : batch) commands.push_back(queued.command);
    auto span = tracer_.start_span("transfers.batch", SpanKind::internal, batch.front().trace);
    for (const Queued& queued : batch) span->add_link(queued.trace);
    span->set_attribute("transfers.batch.size", static_cast<std::int64_t>(batch.size()));
    const auto started = std::chrono::steady_clock::now();
    BatchOutcome outcome = [&] {
        ScopedTraceContext scope(span->context());  // the store's spans are the batch's children
        return transfers_.commit_batch(commands);
    }();
    const auto took = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
    if (observer_) observer_(batch.size(), took);
    span->end();
    if (!outcome.accounts_after.empty()) {
        failpoint("after_commit");
        commits_.advance();
        // The cache marked these states pending before the COMMIT, so the answers need not wait
        // for this: a read after an answer misses and finds the committed state in the ledger.
        cache_.store_committed(outcome.accounts_after);
    }
    for (std::size_t i = 0; i < batch.size(); ++i) batch[i].reply(std::move(outcome.results[i]));
}

}  // namespace transfers
