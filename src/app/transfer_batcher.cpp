#include "app/transfer_batcher.hpp"

#include <cassert>
#include <memory>
#include <vector>

#include "ports/trace_scope.hpp"

namespace transfers {

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
    if (queue_.size() >= limits_.queue_depth_max) {
        lock.unlock();
        return reply(fail(queue_full_error()));
    }
    queue_.push_back(Queued{command, trace, std::move(reply)});
    if (executors_active_ >= limits_.executors_max) return;
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

std::deque<TransferBatcher::Queued> TransferBatcher::take_batch() {
    std::lock_guard lock(mutex_);
    std::deque<Queued> batch;
    while (!queue_.empty() && batch.size() < limits_.batch_transfers_max) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
    }
    if (batch.empty()) --executors_active_;  // this executor ends: nothing is left to take
    return batch;
}

void TransferBatcher::drain() {
    for (;;) {
        std::deque<Queued> batch = take_batch();
        if (batch.empty()) return;
        execute(std::move(batch));
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
    auto outcome = [&] {
        ScopedTraceContext scope(span->context());  // the store's spans are the batch's children
        return std::make_shared<BatchOutcome>(transfers_.commit_batch(commands));
    }();
    const auto took = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
    if (observer_) observer_(batch.size(), took);
    span->end();
    auto waiting = std::make_shared<std::deque<Queued>>(std::move(batch));
    auto answer_all = [outcome, waiting] {
        for (std::size_t i = 0; i < waiting->size(); ++i) (*waiting)[i].reply(std::move(outcome->results[i]));
    };
    if (outcome->accounts_after.empty()) return answer_all();
    commits_.advance();
    cache_.store_committed(outcome->accounts_after, answer_all);
}

}  // namespace transfers
